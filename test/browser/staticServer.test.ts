import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from './staticServer.js';
import type { StaticServer } from './staticServer.js';

let tmp = '';
let server: StaticServer | undefined;
const segment = Uint8Array.from({ length: 100 }, (_, i) => i);

function base(): string {
  if (!server) throw new Error('beforeAll did not start the server');
  return server.url;
}

/** GET with the path sent verbatim (fetch would normalise `..` away before it leaves the client). */
function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base());
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-static-server-'));
  const root = path.join(tmp, 'www');
  await mkdir(path.join(root, 'video_360p'), { recursive: true });
  await writeFile(path.join(tmp, 'secret.txt'), 'do not serve');
  await writeFile(path.join(root, 'master.m3u8'), '#EXTM3U\n');
  await writeFile(path.join(root, 'manifest.mpd'), '<MPD/>');
  await writeFile(path.join(root, 'video_360p', 'init.mp4'), segment);
  await writeFile(path.join(root, 'video_360p', 'seg 00001.m4s'), segment);
  server = await startStaticServer(root, {
    extraRoutes: {
      '/teapot': (_req, res) => {
        res.writeHead(418);
        res.end('short and stout');
      },
    },
  });
});

afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('startStaticServer', () => {
  it.each([
    ['/master.m3u8', 'application/vnd.apple.mpegurl'],
    ['/manifest.mpd', 'application/dash+xml'],
    ['/video_360p/init.mp4', 'video/mp4'],
    ['/video_360p/seg%2000001.m4s', 'video/iso.segment'],
    ['/_players/hls.min.js', 'text/javascript; charset=utf-8'],
    ['/_players/dash.all.min.js', 'text/javascript; charset=utf-8'],
    ['/_players/shaka-player.compiled.js', 'text/javascript; charset=utf-8'],
    ['/_players/shaka.html?src=x', 'text/html; charset=utf-8'],
  ])('serves %s as %s with a CORS header', async (urlPath, type) => {
    const res = await fetch(`${base()}${urlPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('answers a byte range with 206 and exactly those bytes', async () => {
    const res = await fetch(`${base()}/video_360p/init.mp4`, { headers: { Range: 'bytes=10-19' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 10-19/100');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('answers open-ended and suffix ranges', async () => {
    const open = await fetch(`${base()}/video_360p/init.mp4`, { headers: { Range: 'bytes=95-' } });
    expect(open.headers.get('content-range')).toBe('bytes 95-99/100');
    expect([...new Uint8Array(await open.arrayBuffer())]).toEqual([95, 96, 97, 98, 99]);
    const suffix = await fetch(`${base()}/video_360p/init.mp4`, { headers: { Range: 'bytes=-3' } });
    expect(suffix.headers.get('content-range')).toBe('bytes 97-99/100');
    expect([...new Uint8Array(await suffix.arrayBuffer())]).toEqual([97, 98, 99]);
  });

  it('answers 416 to a range that starts past the end', async () => {
    const res = await fetch(`${base()}/video_360p/init.mp4`, { headers: { Range: 'bytes=100-' } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */100');
  });

  it('refuses paths that climb out of the root, plain or percent-encoded', async () => {
    for (const rawPath of ['/../secret.txt', '/%2e%2e/secret.txt', '/video_360p/..%2f..%2fsecret.txt']) {
      const res = await rawGet(rawPath);
      expect(res.status, rawPath).toBe(403);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('answers 404 for missing files and routes extra paths to their handlers', async () => {
    expect((await fetch(`${base()}/nope.m4s`)).status).toBe(404);
    const teapot = await fetch(`${base()}/teapot`);
    expect(teapot.status).toBe(418);
    expect(await teapot.text()).toBe('short and stout');
  });

  it('records the pathnames it was asked for', async () => {
    await fetch(`${base()}/master.m3u8?cache=1`);
    expect(server?.requests).toContain('/master.m3u8');
  });
});
