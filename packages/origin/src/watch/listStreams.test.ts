import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listStreams } from './listStreams.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ott-list-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const MEDIA_VOD = '#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:4,\nseg-00001.m4s\n#EXT-X-ENDLIST\n';
const MEDIA_LIVE = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg-00001.m4s\n';
const master = (variant: string): string => `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n${variant}\n`;

async function write(path: string, text: string): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), text);
}

describe('listStreams', () => {
  it('finds HLS and DASH streams by folder, HLS first, and tells live from VOD by the media playlist and the MPD type', async () => {
    await write('vod/master.m3u8', master('video_360p/playlist.m3u8'));
    await write('vod/video_360p/playlist.m3u8', MEDIA_VOD);
    await write('vod/manifest.mpd', '<?xml version="1.0"?>\n<MPD type="static" xmlns="urn:mpeg:dash:schema:mpd:2011"></MPD>');
    await write('cam1/master.m3u8', master('video_360p/playlist.m3u8'));
    await write('cam1/video_360p/playlist.m3u8', MEDIA_LIVE);
    await write('cam1/manifest.mpd', '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic"></MPD>');
    await write('.hidden/master.m3u8', master('a.m3u8'));
    expect(await listStreams(root)).toEqual([
      { path: 'cam1/master.m3u8', format: 'hls', live: true },
      { path: 'cam1/manifest.mpd', format: 'dash', live: true },
      { path: 'vod/master.m3u8', format: 'hls', live: false },
      { path: 'vod/manifest.mpd', format: 'dash', live: false },
    ]);
  });

  it('stays within its depth and count limits, and does not follow symbolic links', async () => {
    await write('a/b/c/d/master.m3u8', master('p.m3u8'));
    await write('one/master.m3u8', MEDIA_VOD);
    await write('two/master.m3u8', MEDIA_VOD);
    await symlink(join(root, 'one'), join(root, 'link'));
    expect((await listStreams(root)).map((s) => s.path)).toEqual(['one/master.m3u8', 'two/master.m3u8']);
    expect((await listStreams(root, { maxStreams: 1 })).map((s) => s.path)).toEqual(['one/master.m3u8']);
    expect((await listStreams(root, { maxDepth: 4 })).map((s) => s.path)).toContain('a/b/c/d/master.m3u8');
  });

  it('does not read a variant URI that leaves the folder', async () => {
    await write('x/master.m3u8', master('../../etc/passwd'));
    expect(await listStreams(root)).toEqual([{ path: 'x/master.m3u8', format: 'hls', live: false }]);
  });
});
