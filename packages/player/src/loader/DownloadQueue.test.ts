import { describe, expect, it } from 'vitest';
import { DownloadQueue } from './DownloadQueue.js';

describe('DownloadQueue', () => {
  it('gives turns in request order, one at a time', async () => {
    const queue = new DownloadQueue();
    const order: string[] = [];
    const first = await queue.acquire();
    const second = queue.acquire().then((release) => {
      order.push('second');
      return release;
    });
    const third = queue.acquire().then((release) => {
      order.push('third');
      release();
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    (await second)();
    await third;
    expect(order).toEqual(['second', 'third']);
  });

  it('ignores a second release of the same turn', async () => {
    const queue = new DownloadQueue();
    const a = await queue.acquire();
    const b = queue.acquire();
    const c = queue.acquire();
    let cDone = false;
    void c.then(() => (cDone = true));
    a();
    a();
    await b;
    await Promise.resolve();
    expect(cDone).toBe(false);
  });
});
