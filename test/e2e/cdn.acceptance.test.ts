// CDN edge (issue 6): Debian nginx with deploy/nginx/ott-edge.conf in front of @ott/origin serving the folder that a
// real `ott live --file … --loop --ll` writes. Shows what the edge caches (segments, parts, init: MISS for the first
// viewer, HIT for the second, without reaching the origin) and what it must not (live playlists, blocking reloads,
// segments still being built, refused URLs), that blocking reloads through nginx are answered with the very playlist
// version that satisfied them, that a signed-URL setup still refuses a tampered URL, and that hls.js plays through it.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPlaybackToken, signUrl, startOrigin } from '@ott/origin';
import type { RunningOrigin } from '@ott/origin';
import { launchChromium } from '../browser/chromium.js';
import { playInBrowser } from '../browser/playInBrowser.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { generateTestSource } from '../support/media.js';
import { renderEdgeConfig, startNginx } from '../support/nginx.js';
import type { Nginx } from '../support/nginx.js';
import { startLiveCli } from './liveCli.js';
import type { LiveCli } from './liveCli.js';

const URL_SECRET = 'cdn-acceptance-signed-url-secret-32-bytes';
const JWT_SECRET = 'cdn-acceptance-playback-token-secret-32b!';
const VIDEO = 'cam/video_180p';
let work: string;
let out: string;
let live: LiveCli;
let origin: RunningOrigin; // open
let protectedOrigin: RunningOrigin; // signed URLs (segmentCache 'shared') or JWT
let edge: Nginx;
let protectedEdge: Nginx;
let browser: Browser;
let players: StaticServer;
/** Requests that reached the open origin, by request target. */
const atOrigin = new Map<string, number>();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-cdn-'));
  out = join(work, 'out');
  const source = await generateTestSource(work, { seconds: 6, width: 320, height: 180, fps: 25 });
  live = await startLiveCli(['--file', source, '--loop', '--stream-key', 'cam', '--ll', '-o', out, '--ladder', '180p@200k,audio@64k', '--preset', 'ultrafast']);
  await live.waitForEvent((e) => e['type'] === 'segment' && e['renditionId'] === 'video_180p' && Number(e['number']) >= 3);
  await live.waitForEvent((e) => e['type'] === 'manifest' && e['path'] === 'master.m3u8');
  origin = await startOrigin({ root: out });
  origin.server.on('request', (req: { url?: string }) => atOrigin.set(req.url ?? '', (atOrigin.get(req.url ?? '') ?? 0) + 1));
  protectedOrigin = await startOrigin({
    root: out,
    access: { signedUrls: { secret: URL_SECRET }, jwt: { secret: JWT_SECRET, algorithms: ['HS256'] }, segmentCache: 'shared' },
  });
  const edgeFor = (upstream: RunningOrigin): Promise<Nginx> =>
    startNginx({ http: ({ listen, dir }) => renderEdgeConfig({ origin: `127.0.0.1:${upstream.port}`, listen, cacheDir: join(dir, 'cache') }) });
  [edge, protectedEdge] = await Promise.all([edgeFor(origin), edgeFor(protectedOrigin)]);
  [browser, players] = await Promise.all([launchChromium(), startStaticServer(work)]);
});

afterAll(async () => {
  await browser?.close();
  await players?.close();
  await edge?.stop();
  await protectedEdge?.stop();
  await origin?.close();
  await protectedOrigin?.close();
  await live?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly cache: string | null;
  readonly cacheControl: string | null;
  readonly reason: string | null;
  readonly etag: string | null;
  readonly body: Buffer;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  const h = response.headers;
  return { status: response.status, cache: h.get('x-cache-status'), cacheControl: h.get('cache-control'), reason: h.get('x-ott-reason'), etag: h.get('etag'), body };
}

/** Every file a media playlist names as published: init segment, complete segments and parts (not the preload hint). */
function publishedUris(playlist: string): string[] {
  const uris = [...playlist.matchAll(/#EXT-X-(?:MAP|PART):[^\n]*URI="([^"]+)"/g)].map((m) => m[1] as string);
  const segments = playlist.split('\n').filter((line, i, lines) => line !== '' && !line.startsWith('#') && (lines[i - 1] ?? '').startsWith('#EXTINF'));
  return [...new Set([...uris, ...segments])];
}

const hintOf = (playlist: string): { msn: number; part: number; uri: string } => {
  const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="(seg-(\d+)\.p(\d+)\.m4s)"/.exec(playlist);
  if (!hint) throw new Error(`no preload hint in:\n${playlist}`);
  return { uri: hint[1] as string, msn: Number(hint[2]), part: Number(hint[3]) };
};

describe('nginx edge (deploy/nginx/ott-edge.conf) in front of the origin of a live LL-HLS stream', () => {
  it("caches segments, parts and init segments: the second viewer's requests are HITs that never reach the origin", async () => {
    const master = (await get(`${edge.url}cam/master.m3u8`)).body.toString();
    const renditions = master.split('\n').filter((line) => line.endsWith('.m3u8')).concat([...master.matchAll(/URI="([^"]+\.m3u8)"/g)].map((m) => m[1] as string));
    expect(renditions.sort()).toEqual(['audio_aac/playlist.m3u8', 'video_180p/playlist.m3u8']);
    const files: string[] = [];
    for (const rendition of renditions) {
      const playlist = await get(`${edge.url}cam/${rendition}`);
      // A live media playlist is `no-cache` at the origin: the edge asks every time.
      expect(playlist.cache).toBe('MISS');
      const folder = rendition.slice(0, rendition.indexOf('/'));
      files.push(...publishedUris(playlist.body.toString()).map((uri) => `/cam/${folder}/${uri}`));
    }
    expect(files.filter((file) => /\.p\d+\.m4s$/.test(file)).length).toBeGreaterThan(4);

    const first = await Promise.all(files.map((file) => get(`${edge.url}${file.slice(1)}`)));
    const second = await Promise.all(files.map((file) => get(`${edge.url}${file.slice(1)}`)));
    for (const [index, file] of files.entries()) {
      const [a, b] = [first[index] as Answer, second[index] as Answer];
      expect({ file, status: a.status, cache: a.cache }).toEqual({ file, status: 200, cache: 'MISS' });
      expect({ file, status: b.status, cache: b.cache }).toEqual({ file, status: 200, cache: 'HIT' });
      expect(b.body.equals(a.body)).toBe(true);
      expect(b.cacheControl).toBe('public, max-age=31536000, immutable');
      expect(atOrigin.get(file)).toBe(1);
    }
  });

  it('passes blocking reloads through: they are answered with the very playlist version that satisfied them, and the hinted part is held, then cached', async () => {
    const url = `${VIDEO}/playlist.m3u8`;
    const playlist = (await get(`${edge.url}${url}`)).body.toString();
    const hint = hintOf(playlist);
    // Ask for the part after the hinted one, so that every request is surely held (a part lasts 0.5 s).
    const partsPerSegment = countParts(playlist);
    const target = hint.part + 1 < partsPerSegment ? { msn: hint.msn, part: hint.part + 1 } : { msn: hint.msn + 1, part: 0 };
    const targetUri = `seg-${String(target.msn).padStart(5, '0')}.p${target.part}.m4s`;
    const query = `?_HLS_msn=${target.msn}&_HLS_part=${target.part}`;
    // Viewers at the edge and one at the origin itself ask for a part before it exists; the hinted part is asked too.
    const [direct, part, ...viaEdge] = await Promise.all([
      get(`${origin.url}${url}${query}`),
      get(`${edge.url}${VIDEO}/${hint.uri}`),
      ...Array.from({ length: 20 }, () => get(`${edge.url}${url}${query}`)),
    ]);
    expect(direct?.status).toBe(200);
    expect(direct?.body.toString()).toContain(`URI="${targetUri}"`);
    for (const answer of viaEdge) {
      expect({ status: answer.status, cache: answer.cache }).toEqual({ status: 200, cache: 'BYPASS' });
      // Same version as the origin's own answer: nginx held nothing back and served nothing stale.
      expect(answer.etag).toBe(direct?.etag);
    }
    expect(atOrigin.get(`/${url}${query}`)).toBe(viaEdge.length + 1);
    expect({ status: part?.status, cache: part?.cache }).toEqual({ status: 200, cache: 'MISS' });
    const again = await get(`${edge.url}${VIDEO}/${hint.uri}`);
    expect(again.cache).toBe('HIT');
    expect(again.body.equals(part?.body ?? Buffer.alloc(0))).toBe(true);
  });

  it('streams an LL-DASH segment still being built through nginx as its parts appear, and does not cache that stream', async () => {
    const hint = hintOf((await get(`${edge.url}${VIDEO}/playlist.m3u8`)).body.toString());
    // The next segment whose first part is still to come; wait (blocking reload) until that part is out.
    const next = hint.part === 0 ? hint.msn : hint.msn + 1;
    expect((await get(`${edge.url}${VIDEO}/playlist.m3u8?_HLS_msn=${next}&_HLS_part=0`)).status).toBe(200);
    const name = `seg-${String(next).padStart(5, '0')}.m4s`;
    const partPath = (index: number): string => join(out, VIDEO, name.replace('.m4s', `.p${index}.m4s`));
    const firstPart = await stat(partPath(0));
    const progress: { bytes: number; secondPartExists: boolean }[] = [];
    const streamed = await streamGet(`${edge.url}${VIDEO}/${name}`, (bytes) => progress.push({ bytes, secondPartExists: existsSync(partPath(1)) }));
    expect(streamed.status).toBe(200);
    expect(streamed.headers['x-cache-status']).toBe('MISS');
    expect(streamed.headers['cache-control']).toBe('no-cache');
    expect(streamed.headers['content-length']).toBeUndefined();
    // The whole first part reached the viewer before the second part existed: nginx passes each CMAF chunk on as it
    // comes (the origin says `X-Accel-Buffering: no`) instead of holding a partly filled buffer back.
    expect(progress.some((at) => at.bytes >= firstPart.size && !at.secondPartExists)).toBe(true);
    expect(streamed.body.equals(await readFile(join(out, VIDEO, name)))).toBe(true);
    // Once complete, the same URL is the immutable file: stored on the next miss, a HIT after that.
    const complete = await get(`${edge.url}${VIDEO}/${name}`);
    expect(complete.cache).not.toBe('HIT');
    expect(complete.body.equals(streamed.body)).toBe(true);
    expect((await get(`${edge.url}${VIDEO}/${name}`)).cache).toBe('HIT');
  });

  it('with signed URLs, caches segments under their signature and still refuses a tampered URL', async () => {
    const entry = signUrl(`${protectedEdge.url}cam/master.m3u8`, { secret: URL_SECRET, expiresInSeconds: 600, prefix: '/cam/' });
    const master = await get(entry);
    expect({ status: master.status, cacheControl: master.cacheControl, cache: master.cache }).toEqual({ status: 200, cacheControl: 'private, no-store', cache: 'MISS' });
    const mediaUri = /^video_180p\/playlist\.m3u8\?.+$/m.exec(master.body.toString())?.[0];
    expect(mediaUri).toBeDefined();
    const media = (await get(`${protectedEdge.url}cam/${mediaUri}`)).body.toString();
    const segment = `${protectedEdge.url}cam/video_180p/${publishedUris(media).find((uri) => /^seg-\d+\.m4s\?/.test(uri))}`;
    expect(segment).toContain('&sig=');
    const [a, b] = [await get(segment), await get(segment)];
    expect([a.cache, b.cache]).toEqual(['MISS', 'HIT']);
    expect(Number(/max-age=(\d+)/.exec(a.cacheControl ?? '')?.[1])).toBeLessThanOrEqual(600);

    const tampered = [
      segment.replace(/sig=([A-Za-z0-9_-])/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`),
      segment.replace(/exp=(\d+)/, (_m, exp: string) => `exp=${Number(exp) + 3600}`),
      segment.replace(/prefix=[^&]+/, 'prefix=%2F'),
    ];
    for (const url of tampered) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const refused = await get(url);
        expect({ status: refused.status, reason: refused.reason, cache: refused.cache }).toEqual({ status: 403, reason: 'signed_url_tampered', cache: 'MISS' });
      }
    }
    const bare = await get(segment.slice(0, segment.indexOf('?')));
    expect({ status: bare.status, reason: bare.reason }).toEqual({ status: 401, reason: 'token_missing' });
  });

  it('never uses the cache for a credential outside the URL (Authorization header)', async () => {
    const token = await signPlaybackToken({ algorithm: 'HS256', secret: JWT_SECRET, stream: 'cam', expiresInSeconds: 600 });
    const url = `${protectedEdge.url}${VIDEO}/init.mp4`;
    const answers = [await get(url, { Authorization: `Bearer ${token}` }), await get(url, { Authorization: `Bearer ${token}` })];
    expect(answers.map((answer) => [answer.status, answer.cache])).toEqual([[200, 'BYPASS'], [200, 'BYPASS']]);
    const without = await get(url);
    expect({ status: without.status, reason: without.reason, cache: without.cache }).toEqual({ status: 401, reason: 'token_missing', cache: 'MISS' });
  });

  it('hls.js (low-latency mode) plays the live stream through nginx in Chromium', async () => {
    const result = await playInBrowser(browser, { player: 'hls.js', src: `${edge.url}cam/master.m3u8`, playerOrigin: players.url, advanceSeconds: 4, timeoutMs: 60_000 });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
    expect(result.levels).toBe(1);
  });
});

/** Parts of the oldest segment listed with parts: a complete one (4 for 2 s segments of 0.5 s parts). */
function countParts(playlist: string): number {
  const first = /URI="seg-(\d+)\.p0\.m4s"/.exec(playlist)?.[1] ?? '';
  return [...playlist.matchAll(new RegExp(`URI="seg-${first}\\.p\\d+\\.m4s"`, 'g'))].length;
}

interface Streamed {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** GET that reports the bytes received so far at every body chunk. */
function streamGet(url: string, onBytes: (received: number) => void): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        onBytes(received);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
