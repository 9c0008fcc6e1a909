import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderWatches } from '../files/FolderWatches.js';
import { MediaWaits } from './MediaWaits.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ott-origin-waits-'));
});

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('MediaWaits', () => {
  it('shares one feed per segment and one folder watch among every wait in a folder', async () => {
    const folders = new FolderWatches(0);
    const media = new MediaWaits({ folders, maxWaiting: 10, maxSegmentBytes: 1024, holdMs: 1000 });
    const feed = media.feed(folder, 'seg-00001.m4s', 1);
    expect(media.feed(folder, 'seg-00001.m4s', 1)).toBe(feed);
    const leaveA = feed.subscribe(() => undefined);
    const leaveB = feed.subscribe(() => undefined);
    const other = media.feed(folder, 'seg-00002.m4s', 2);
    const leaveC = other.subscribe(() => undefined);
    const abort = new AbortController();
    const arrival = media.waitForFile(folder, 'seg-00002.p1.m4s', 60_000, abort.signal);
    expect(folders.size).toBe(1);
    leaveA();
    leaveB();
    expect(media.feed(folder, 'seg-00001.m4s', 1)).not.toBe(feed); // the idle feed was forgotten
    leaveC();
    abort.abort();
    expect(await arrival).toBe('aborted');
    media.close();
  });

  it('refuses more than maxWaiting requests and every request once closed', () => {
    const media = new MediaWaits({ folders: new FolderWatches(0), maxWaiting: 2, maxSegmentBytes: 1024, holdMs: 1000 });
    expect([media.enter(), media.enter(), media.enter()]).toEqual([true, true, false]);
    media.leave();
    expect(media.size).toBe(1);
    media.close();
    expect(media.enter()).toBe(false);
  });
});
