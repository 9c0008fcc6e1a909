import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrigin, type RunningOrigin } from './startOrigin.js';
import { rawRequest } from './testing/rawRequest.js';

let root: string;
let origin: RunningOrigin;
const SEGMENT = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(origin.port, path, { headers, method });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ott-origin-'));
  await mkdir(join(root, 'video_360p'));
  await mkdir(join(root, 'live'));
  const files: Record<string, string | Buffer> = {
    'master.m3u8': '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nvideo_360p/playlist.m3u8\n',
    'video_360p/playlist.m3u8': '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:4,\nseg-00001.m4s\n#EXT-X-ENDLIST\n',
    'video_360p/init.mp4': Buffer.from('ftyp-and-moov'),
    'video_360p/seg-00001.m4s': SEGMENT,
    'video_360p/.seg-00002.m4s.tmp-42-1': 'half written',
    'live/playlist.m3u8': '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg-00001.m4s\n',
    'manifest.mpd': '<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"></MPD>\n',
    'live.mpd': '<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic"></MPD>\n',
    'audio.m4a': 'a', 'video.m4v': 'v', 'subs.vtt': 'WEBVTT\n', 'player.js': 'export {};', 'index.html': '<!doctype html>',
    'info.json': '{}', 'blob.bin': 'b', '.env': 'SECRET=1', 'empty.m4s': '',
  };
  for (const [name, data] of Object.entries(files)) await writeFile(join(root, name), data);
  origin = await startOrigin({ root, port: 0, awaitMissingMs: 100 }); // a missing .m4s is waited for (live): not long here
});

afterAll(async () => {
  await origin?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('createOrigin serving a folder', () => {
  it.each([
    ['/master.m3u8', 'application/vnd.apple.mpegurl'],
    ['/manifest.mpd', 'application/dash+xml'],
    ['/video_360p/init.mp4', 'video/mp4'],
    ['/video_360p/seg-00001.m4s', 'video/iso.segment'],
    ['/audio.m4a', 'audio/mp4'],
    ['/video.m4v', 'video/mp4'],
    ['/subs.vtt', 'text/vtt; charset=utf-8'],
    ['/player.js', 'text/javascript; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/info.json', 'application/json; charset=utf-8'],
    ['/blob.bin', 'application/octet-stream'],
  ])('serves %s as %s', async (path, type) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends the whole segment with its length, validators and byte-range support', async () => {
    const res = await get('/video_360p/seg-00001.m4s');
    expect(res.body.equals(SEGMENT)).toBe(true);
    expect(res.headers['content-length']).toBe('1000');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers['last-modified']).toBeDefined();
  });

  it('answers a single range with 206 and exactly those bytes', async () => {
    const res = await get('/video_360p/seg-00001.m4s', { Range: 'bytes=100-199' });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 100-199/1000');
    expect(res.body.equals(SEGMENT.subarray(100, 200))).toBe(true);
    const suffix = await get('/video_360p/seg-00001.m4s', { Range: 'bytes=-10' });
    expect(suffix.body.equals(SEGMENT.subarray(990))).toBe(true);
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const res = await get('/video_360p/seg-00001.m4s', { Range: 'bytes=5000-' });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */1000');
    expect((await get('/empty.m4s', { Range: 'bytes=0-' })).status).toBe(416);
  });

  it('ignores a range whose If-Range names an old version', async () => {
    const res = await get('/video_360p/seg-00001.m4s', { Range: 'bytes=0-9', 'If-Range': '"old"' });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(1000);
  });

  it('answers 304 to a matching If-None-Match or a later If-Modified-Since', async () => {
    const first = await get('/video_360p/seg-00001.m4s');
    const etag = String(first.headers.etag);
    const byTag = await get('/video_360p/seg-00001.m4s', { 'If-None-Match': `"x", ${etag}` });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect(byTag.headers.etag).toBe(etag);
    expect((await get('/video_360p/seg-00001.m4s', { 'If-Modified-Since': String(first.headers['last-modified']) })).status).toBe(304);
    expect((await get('/video_360p/seg-00001.m4s', { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await get('/video_360p/seg-00001.m4s', {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('1000');
    expect(res.body.length).toBe(0);
  });

  it('marks segments immutable, VOD playlists short-lived and live playlists and dynamic MPDs no-cache', async () => {
    const immutable = 'public, max-age=31536000, immutable';
    expect((await get('/video_360p/seg-00001.m4s')).headers['cache-control']).toBe(immutable);
    expect((await get('/video_360p/init.mp4')).headers['cache-control']).toBe(immutable);
    expect((await get('/video_360p/playlist.m3u8')).headers['cache-control']).toBe('public, max-age=1');
    expect((await get('/master.m3u8')).headers['cache-control']).toBe('public, max-age=1');
    expect((await get('/manifest.mpd')).headers['cache-control']).toBe('public, max-age=1');
    expect((await get('/live/playlist.m3u8')).headers['cache-control']).toBe('no-cache');
    expect((await get('/live.mpd')).headers['cache-control']).toBe('no-cache');
  });

  it('allows every origin by default and answers a CORS preflight', async () => {
    const res = await get('/master.m3u8', { Origin: 'https://player.example' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toContain('Content-Range');
    const preflight = await get('/video_360p/seg-00001.m4s', { Origin: 'https://player.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' }, 'OPTIONS');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    expect(preflight.headers['access-control-allow-headers']).toContain('Range');
    expect(preflight.headers['access-control-max-age']).toBe('600');
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await get('/master.m3u8', {}, method);
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    }
  });

  it('never serves dotfiles or the folder sink temp files, and lists no folder (/ is the root index.html)', async () => {
    expect((await get('/.env')).status).toBe(404);
    expect((await get('/video_360p/.seg-00002.m4s.tmp-42-1')).status).toBe(404);
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await get('/video_360p')).status).toBe(404);
    expect((await get('/video_360p/')).status).toBe(404);
    expect((await get('/missing.m4s')).headers['cache-control']).toBe('no-store');
  });
});

describe('createOrigin with a list of origins and a custom policy', () => {
  let custom: RunningOrigin;
  beforeAll(async () => {
    custom = await startOrigin({
      root,
      cors: ['https://allowed.example'],
      cacheControl: { playlist: 'public, max-age=5' },
      mimeTypes: { '.m4s': 'video/mp4' },
    });
  });
  afterAll(() => custom?.close());

  it('echoes an allowed origin, omits the header for others and varies on Origin', async () => {
    const allowed = await rawRequest(custom.port, '/master.m3u8', { headers: { Origin: 'https://allowed.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://allowed.example');
    expect(allowed.headers.vary).toBe('Origin');
    const other = await rawRequest(custom.port, '/master.m3u8', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('uses the configured cache policy and media types', async () => {
    expect((await rawRequest(custom.port, '/master.m3u8')).headers['cache-control']).toBe('public, max-age=5');
    expect((await rawRequest(custom.port, '/video_360p/seg-00001.m4s')).headers['content-type']).toBe('video/mp4');
  });
});
