import { request } from 'node:http';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { TestS3 } from '../testing/TestS3.js';
import { startS3Origin } from './startS3Origin.js';
import type { RunningS3Origin } from './startS3Origin.js';

let s3: TestS3;
let origin: RunningS3Origin;
const segment = Buffer.from(Array.from({ length: 100 }, (_, i) => i));

beforeAll(async () => {
  s3 = await TestS3.start('media');
  const put = (key: string, body: string | Buffer) => s3.client.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: body }));
  await put('vod/v/seg-00001.m4s', segment);
  await put('vod/v/playlist.m3u8', '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg-00001.m4s\n#EXT-X-ENDLIST\n');
  await put('vod/live.m3u8', '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nv/seg-00001.m4s\n');
  await put('vod/manifest.mpd', '<?xml version="1.0"?>\n<MPD type="dynamic" xmlns="urn:mpeg:dash:schema:mpd:2011"></MPD>\n');
  await put('secret.txt', 'outside the prefix');
  origin = await startS3Origin({ client: s3.connection, bucket: 'media', prefix: 'vod' });
});

afterAll(async () => {
  await origin?.close();
  await s3?.close();
});

/** A raw request: the path goes on the wire exactly as given (no URL normalisation). */
function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: origin.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the S3 origin', () => {
  it('serves a segment with its media type, validators, immutable caching and CORS', async () => {
    const res = await raw('GET', '/v/seg-00001.m4s', { Origin: 'https://player.example' });
    expect(res.status).toBe(200);
    expect(res.body.equals(segment)).toBe(true);
    expect(res.headers['content-type']).toBe('video/iso.segment');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['etag']).toMatch(/^"[0-9a-f]+"$/);
    expect(res.headers['last-modified']).toBeDefined();
  });

  it('answers single byte ranges (closed, open, suffix) with 206 and an unsatisfiable one with 416', async () => {
    const closed = await raw('GET', '/v/seg-00001.m4s', { Range: 'bytes=2-5' });
    expect([closed.status, closed.headers['content-range'], [...closed.body]]).toEqual([206, 'bytes 2-5/100', [2, 3, 4, 5]]);
    const open = await raw('GET', '/v/seg-00001.m4s', { Range: 'bytes=98-' });
    expect([open.status, [...open.body]]).toEqual([206, [98, 99]]);
    const suffix = await raw('GET', '/v/seg-00001.m4s', { Range: 'bytes=-3' });
    expect([suffix.status, suffix.headers['content-range']]).toEqual([206, 'bytes 97-99/100']);
    const beyond = await raw('GET', '/v/seg-00001.m4s', { Range: 'bytes=500-' });
    expect([beyond.status, beyond.headers['content-range']]).toEqual([416, 'bytes */100']);
    const multi = await raw('GET', '/v/seg-00001.m4s', { Range: 'bytes=0-1,5-6' });
    expect([multi.status, multi.body.length]).toEqual([200, 100]);
  });

  it('answers HEAD without a body and a matching If-None-Match with 304', async () => {
    const head = await raw('HEAD', '/v/seg-00001.m4s');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, '100', 0]);
    const again = await raw('GET', '/v/seg-00001.m4s', { 'If-None-Match': String(head.headers['etag']) });
    expect(again.status).toBe(304);
    const playlist = await raw('GET', '/v/playlist.m3u8');
    expect((await raw('GET', '/v/playlist.m3u8', { 'If-None-Match': String(playlist.headers['etag']) })).status).toBe(304);
  });

  it('caches a VOD playlist briefly and revalidates a live playlist and a dynamic MPD every time', async () => {
    const vod = await raw('GET', '/v/playlist.m3u8');
    expect([vod.status, vod.headers['content-type'], vod.headers['cache-control']]).toEqual([200, 'application/vnd.apple.mpegurl', 'public, max-age=1']);
    expect((await raw('GET', '/live.m3u8')).headers['cache-control']).toBe('no-cache');
    const mpd = await raw('GET', '/manifest.mpd');
    expect([mpd.headers['content-type'], mpd.headers['cache-control']]).toEqual(['application/dash+xml', 'no-cache']);
  });

  it('never reads a key outside the prefix, and refuses bad methods and paths', async () => {
    for (const path of ['/../secret.txt', '/v/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/v//seg-00001.m4s', '/v\\..\\secret.txt']) {
      expect((await raw('GET', path)).status, path).toBe(400);
    }
    expect((await raw('GET', '/secret.txt')).status).toBe(404);
    expect((await raw('GET', '/v/missing.m4s')).status).toBe(404);
    expect((await raw('GET', '/.hidden')).status).toBe(404);
    expect((await raw('POST', '/v/seg-00001.m4s')).status).toBe(405);
    const preflight = await raw('OPTIONS', '/v/seg-00001.m4s', { Origin: 'https://player.example', 'Access-Control-Request-Method': 'GET' });
    expect([preflight.status, preflight.headers['access-control-allow-methods']]).toEqual([204, 'GET, HEAD, OPTIONS']);
  });

  it('serves the DASH UTCTiming clock at /.ott/time', async () => {
    const res = await raw('GET', '/.ott/time');
    expect(res.status).toBe(200);
    expect(Math.abs(Date.parse(res.body.toString()) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses to start on a bucket that does not exist', async () => {
    const error: unknown = await startS3Origin({ client: s3.connection, bucket: 'nope', port: 0 }).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('ORIGIN_ROOT_INVALID');
  });
});
