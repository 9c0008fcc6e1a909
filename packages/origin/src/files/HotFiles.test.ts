import { mkdtemp, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HotFiles, type CachedFile } from './HotFiles.js';
import { openInsideRoot, type OpenFailure, type OpenFile } from './openInsideRoot.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ott-hot-files-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const isCached = (result: OpenFile | CachedFile | OpenFailure): result is CachedFile => 'body' in result;

/** Publishes a file the way the folder sink does: temp file, then rename over the old version. */
async function publish(name: string, text: string): Promise<void> {
  await writeFile(join(root, `.${name}.tmp`), text);
  await rename(join(root, `.${name}.tmp`), join(root, name));
}

describe('HotFiles', () => {
  it('serves the same bytes from memory while the file is unchanged, and the new version after a rename', async () => {
    const hot = new HotFiles({ maxBytes: 1024, maxFileBytes: 1024 });
    await publish('playlist.m3u8', '#EXTM3U\n#v1\n');
    const first = await openInsideRoot(root, ['playlist.m3u8'], hot);
    const second = await openInsideRoot(root, ['playlist.m3u8'], hot);
    expect(isCached(first) && isCached(second)).toBe(true);
    expect(second).toBe(first); // the very same entry: no read
    await publish('playlist.m3u8', '#EXTM3U\n#v2\n');
    const third = await openInsideRoot(root, ['playlist.m3u8'], hot);
    expect(isCached(third) && third.body.toString()).toBe('#EXTM3U\n#v2\n');
  });

  it('forgets a file that was deleted (404 missing, as without the cache)', async () => {
    const hot = new HotFiles({ maxBytes: 1024, maxFileBytes: 1024 });
    await publish('seg-00001.m4s', 'segment');
    expect(isCached(await openInsideRoot(root, ['seg-00001.m4s'], hot))).toBe(true);
    await unlink(join(root, 'seg-00001.m4s'));
    expect(await openInsideRoot(root, ['seg-00001.m4s'], hot)).toMatchObject({ status: 404, missing: true });
    expect(hot.bytes).toBe(0);
  });

  it('streams files larger than maxFileBytes from an open descriptor, and drops the least recently used beyond maxBytes', async () => {
    const hot = new HotFiles({ maxBytes: 20, maxFileBytes: 10 });
    await publish('big.m4s', 'x'.repeat(11));
    const big = await openInsideRoot(root, ['big.m4s'], hot);
    expect('handle' in big).toBe(true);
    if ('handle' in big) await big.handle.close();
    for (const name of ['a.m4s', 'b.m4s', 'c.m4s']) await publish(name, '0123456789');
    const a = await openInsideRoot(root, ['a.m4s'], hot);
    const b = await openInsideRoot(root, ['b.m4s'], hot);
    await openInsideRoot(root, ['a.m4s'], hot); // a is now the most recently used
    await openInsideRoot(root, ['c.m4s'], hot);
    expect(hot.bytes).toBe(20);
    expect(await openInsideRoot(root, ['a.m4s'], hot)).toBe(a); // still held
    expect(await openInsideRoot(root, ['b.m4s'], hot)).not.toBe(b); // dropped, read again
  });

  it('shares one read among concurrent requests for a file not held yet', async () => {
    const hot = new HotFiles({ maxBytes: 1024, maxFileBytes: 1024 });
    await publish('seg-00002.p0.m4s', 'part');
    const results = await Promise.all(Array.from({ length: 20 }, () => openInsideRoot(root, ['seg-00002.p0.m4s'], hot)));
    expect(new Set(results).size).toBe(1);
    expect(hot.bytes).toBe(4);
  });

  it('does not hold a file reached through a symlink', async () => {
    const hot = new HotFiles({ maxBytes: 1024, maxFileBytes: 1024 });
    await publish('real.m4s', 'bytes');
    await symlink(join(root, 'real.m4s'), join(root, 'link.m4s'));
    const viaLink = await openInsideRoot(root, ['link.m4s'], hot);
    expect('handle' in viaLink).toBe(true);
    if ('handle' in viaLink) await viaLink.handle.close();
    expect(hot.bytes).toBe(0);
  });
});
