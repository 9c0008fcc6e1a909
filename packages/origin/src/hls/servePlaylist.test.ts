import { request } from 'node:http';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOrigin, type RunningOrigin } from '../startOrigin.js';
import { rawRequest } from '../testing/rawRequest.js';

let root: string;
let origin: RunningOrigin;
let shortHold: RunningOrigin;
let folders = 0;

/** An LL-HLS playlist with `segments` complete segments (from msn 0) and `parts` parts of the next one. */
function playlist(segments: number, parts: number, ended = false): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:9', '#EXT-X-TARGETDURATION:2', '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5', '#EXT-X-PART-INF:PART-TARGET=0.5', '#EXT-X-MEDIA-SEQUENCE:0'];
  for (let msn = 0; msn < segments; msn++) lines.push('#EXTINF:2.0,', `seg-${msn}.m4s`);
  for (let part = 0; part < parts; part++) lines.push(`#EXT-X-PART:DURATION=0.5,URI="seg-${segments}.${part}.m4s"`);
  if (ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** Replaces a playlist the way the folder sink does: temp file in the same folder, then rename. */
async function publish(folder: string, text: string): Promise<void> {
  const temp = join(root, folder, `.playlist.m3u8.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  await writeFile(temp, text);
  await rename(temp, join(root, folder, 'playlist.m3u8'));
}

async function newStream(text: string): Promise<string> {
  const folder = `stream${++folders}`;
  await mkdir(join(root, folder));
  await publish(folder, text);
  return folder;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ott-origin-llhls-'));
  origin = await startOrigin({ root, pollIntervalMs: 0 }); // file events only: the test shows fs.watch does the job
  shortHold = await startOrigin({ root, blockingHoldMs: 300 });
});

afterAll(async () => {
  await origin?.close();
  await shortHold?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('blocking playlist reload (RFC 8216bis §6.2.5.2)', () => {
  it('holds a request for the next segment until the playlist is rewritten to contain it', async () => {
    const folder = await newStream(playlist(2, 3));
    const pending = rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_msn=2`);
    await vi.waitFor(() => expect(origin.origin.held).toBe(1));
    await publish(folder, playlist(2, 4)); // a new part, but segment 2 is not complete yet: still held
    await publish(folder, playlist(3, 0));
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('seg-2.m4s'); // so not answered with the version that only had parts
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(origin.origin.held).toBe(0);
  });

  it('holds a request for a part until that part is listed, and answers every waiter from one rewrite', async () => {
    const folder = await newStream(playlist(2, 1));
    const pending = Array.from({ length: 20 }, () => rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_msn=2&_HLS_part=1`));
    await vi.waitFor(() => expect(origin.origin.held).toBe(20));
    await publish(folder, playlist(2, 2));
    for (const res of await Promise.all(pending)) {
      expect(res.status).toBe(200);
      expect(res.body.toString()).toContain('seg-2.1.m4s');
    }
  });

  it('answers at once when the playlist already has the segment or part, or has ended', async () => {
    const folder = await newStream(playlist(2, 2));
    expect((await rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_msn=1`)).status).toBe(200);
    expect((await rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_msn=2&_HLS_part=1`)).status).toBe(200);
    const ended = await newStream(playlist(2, 0, true));
    const res = await rawRequest(origin.port, `/${ended}/playlist.m3u8?_HLS_msn=9`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=1');
  });

  it('answers 400 to a request too far ahead or with _HLS_part alone', async () => {
    const folder = await newStream(playlist(2, 1));
    expect((await rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_msn=4`)).status).toBe(400);
    expect((await rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_msn=2&_HLS_part=9`)).status).toBe(400);
    expect((await rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_part=1`)).status).toBe(400);
    expect((await rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_msn=x`)).status).toBe(400);
  });

  it('answers 503 when the playlist does not get the segment within the hold time', async () => {
    const folder = await newStream(playlist(2, 0));
    const pending = rawRequest(shortHold.port, `/${folder}/playlist.m3u8?_HLS_msn=2`);
    await vi.waitFor(() => expect(shortHold.origin.held).toBe(1));
    await publish(folder, playlist(2, 1));
    const res = await pending;
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(shortHold.origin.held).toBe(0);
  });

  it('stops holding a request whose client went away', async () => {
    const folder = await newStream(playlist(1, 0));
    const req = request({ host: '127.0.0.1', port: origin.port, path: `/${folder}/playlist.m3u8?_HLS_msn=1`, agent: false });
    req.on('error', () => undefined);
    req.end();
    await vi.waitFor(() => expect(origin.origin.held).toBe(1));
    req.destroy();
    await vi.waitFor(() => expect(origin.origin.held).toBe(0));
  });
});

/**
 * A playlist exactly as the live packager writes it (RFC 8216bis §4.4.4.9, §4.4.5.3): 2 s segments `seg-00001.m4s`
 * from msn 1, the parts of the segment in progress, and a preload hint naming the next part before it exists.
 */
function packagerPlaylist(segments: number, parts: number, serverControl = 'CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5'): string {
  const name = (msn: number): string => `seg-${String(msn).padStart(5, '0')}`;
  const lines = ['#EXTM3U', '#EXT-X-VERSION:9', '#EXT-X-TARGETDURATION:2', `#EXT-X-SERVER-CONTROL:${serverControl}`, '#EXT-X-PART-INF:PART-TARGET=0.5', '#EXT-X-MEDIA-SEQUENCE:1', '#EXT-X-MAP:URI="init.mp4"'];
  for (let msn = 1; msn <= segments; msn++) {
    if (msn > segments - 2) for (let index = 0; index < 4; index++) lines.push(`#EXT-X-PART:DURATION=0.5,URI="${name(msn)}.p${index}.m4s"${index === 0 ? ',INDEPENDENT=YES' : ''}`);
    lines.push('#EXTINF:2.000,', `${name(msn)}.m4s`);
  }
  const next = segments + 1;
  for (let index = 0; index < parts; index++) lines.push(`#EXT-X-PART:DURATION=0.5,URI="${name(next)}.p${index}.m4s"${index === 0 ? ',INDEPENDENT=YES' : ''}`);
  lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${name(next)}.p${parts}.m4s"`);
  return `${lines.join('\n')}\n`;
}

describe('blocking reload with the live packager playlists (EXT-X-PART + EXT-X-PRELOAD-HINT)', () => {
  it('holds 200 requests for a part that only the preload hint names, and answers all once the part is listed', async () => {
    const folder = await newStream(packagerPlaylist(4, 1)); // part 0 of segment 5 listed, part 1 hinted
    const url = `/${folder}/playlist.m3u8?_HLS_msn=5&_HLS_part=1`;
    const pending = Array.from({ length: 200 }, () => rawRequest(origin.port, url));
    await vi.waitFor(() => expect(origin.origin.held).toBe(200), { timeout: 10_000 });
    await publish(folder, packagerPlaylist(4, 2));
    for (const res of await Promise.all(pending)) {
      expect(res.status).toBe(200);
      expect(res.body.toString()).toContain('#EXT-X-PART:DURATION=0.5,URI="seg-00005.p1.m4s"\n');
      expect(res.body.toString()).toContain('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-00005.p2.m4s"');
    }
    expect(origin.origin.held).toBe(0);
  });

  it('answers a request for part 0 of the next segment once the segment in progress completes', async () => {
    const folder = await newStream(packagerPlaylist(4, 3));
    const pending = rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_msn=6&_HLS_part=0`);
    await vi.waitFor(() => expect(origin.origin.held).toBe(1));
    await publish(folder, packagerPlaylist(4, 4)); // segment 5 has all its parts, not complete yet: still held
    await publish(folder, packagerPlaylist(5, 1));
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('#EXT-X-PART:DURATION=0.5,URI="seg-00006.p0.m4s",INDEPENDENT=YES');
  });
});

describe('playlist delta updates (_HLS_skip, RFC 8216bis §6.2.5.1)', () => {
  const skipping = 'CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,PART-HOLD-BACK=1.5';

  it('answers _HLS_skip=YES with a delta update and its own validator', async () => {
    const folder = await newStream(packagerPlaylist(20, 1, skipping));
    const full = await rawRequest(origin.port, `/${folder}/playlist.m3u8`);
    const delta = await rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_skip=YES`);
    expect(delta.status).toBe(200);
    expect(delta.body.toString()).toMatch(/#EXT-X-SKIP:SKIPPED-SEGMENTS=\d+\n/);
    expect(delta.body.toString()).not.toContain('seg-00001.m4s');
    expect(delta.body.length).toBeLessThan(full.body.length);
    expect(delta.headers.etag).not.toBe(full.headers.etag);
    expect(delta.headers['cache-control']).toBe('no-cache');
    expect((await rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_skip=YES`, { headers: { 'If-None-Match': String(delta.headers.etag) } })).status).toBe(304);
  });

  it('serves the whole playlist when it has no CAN-SKIP-UNTIL', async () => {
    const folder = await newStream(packagerPlaylist(20, 1));
    const res = await rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_skip=YES`);
    expect(res.body.toString()).toBe(packagerPlaylist(20, 1));
  });

  it('combines with blocking reload: the delta is rendered from the version that satisfies _HLS_msn', async () => {
    const folder = await newStream(packagerPlaylist(20, 1, skipping));
    const pending = rawRequest(origin.port, `/${folder}/playlist.m3u8?_HLS_msn=21&_HLS_part=2&_HLS_skip=v2`);
    await vi.waitFor(() => expect(origin.origin.held).toBe(1));
    await publish(folder, packagerPlaylist(20, 3, skipping));
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('#EXT-X-SKIP:SKIPPED-SEGMENTS=');
    expect(res.body.toString()).toContain('URI="seg-00021.p2.m4s"');
  });
});
