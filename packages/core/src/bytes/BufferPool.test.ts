import { describe, expect, it } from 'vitest';
import { BufferPool } from './BufferPool.js';

describe('BufferPool', () => {
  it('hands a buffer out again once every byte of its lease is released', () => {
    const pool = new BufferPool();
    const first = pool.take(100_000);
    expect(first.byteLength).toBe(100_000);
    pool.release(first);
    const second = pool.take(90_000);
    expect(second.buffer).toBe(first.buffer);
    expect(pool.stats).toMatchObject({ allocated: 1, reused: 1 });
  });

  it('waits for all pieces of a buffer split between owners, in any order', () => {
    const pool = new BufferPool();
    const data = pool.take(1000);
    pool.release(data.subarray(600, 1000));
    expect(pool.take(1000).buffer).not.toBe(data.buffer);
    pool.release(data.subarray(0, 600));
    expect(pool.take(1000).buffer).toBe(data.buffer);
  });

  it('ignores views it did not lease and buffers it already took back', () => {
    const pool = new BufferPool();
    pool.release(new Uint8Array(10));
    const data = pool.take(10);
    pool.release(data);
    pool.release(data);
    expect(pool.stats.freeBytes).toBe(16 * 1024);
    const a = pool.take(10);
    const b = pool.take(10);
    expect(a.buffer).not.toBe(b.buffer);
  });

  it('keeps at most maxFreeBytes free and never pools buffers over maxBufferBytes', () => {
    const pool = new BufferPool({ maxFreeBytes: 64 * 1024, maxBufferBytes: 100_000 });
    const big = pool.take(200_000);
    pool.release(big);
    expect(pool.stats.freeBytes).toBe(0);
    const views = [pool.take(60_000), pool.take(60_000)];
    for (const view of views) pool.release(view);
    expect(pool.stats.freeBytes).toBe(64 * 1024);
  });
});
