import { createServer, type Server } from 'node:http';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebhooks, verifyWebhookSignature, type PlayHook } from '@ott/core';
import { signPlaybackToken } from './auth/signPlaybackToken.js';
import { startOrigin, type RunningOrigin } from './startOrigin.js';
import { AUDIENCE, expectRefused, HS_SECRET, writeAccessFolder } from './testing/accessFixture.js';
import { rawRequest } from './testing/rawRequest.js';
import { streamRequest } from './testing/streamRequest.js';

const HOOK_SECRET = 'webhook-secret-of-at-least-32-bytes-long';
let root: string;
let rewriting: RunningOrigin;
let cookies: RunningOrigin;
let hooked: RunningOrigin;
let receiver: Server;
const asked: PlayHook[] = [];

const token = (stream = 'news', subject = 'viewer-1'): Promise<string> =>
  signPlaybackToken({ algorithm: 'HS256', secret: HS_SECRET, stream, audience: AUDIENCE, subject, expiresInSeconds: 600 });

/** Publishes a file the way the folder sink does: a dot temp file in the same folder, then rename. */
async function publish(folder: string, name: string, data: string | Buffer): Promise<void> {
  const temp = join(root, folder, `.${name}.tmp-${Math.random().toString(36).slice(2)}`);
  await writeFile(temp, data);
  await rename(temp, join(root, folder, name));
}

function livePlaylist(segments: number, parts: number): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:9', '#EXT-X-TARGETDURATION:2', '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5', '#EXT-X-PART-INF:PART-TARGET=0.5', '#EXT-X-MEDIA-SEQUENCE:1', '#EXT-X-MAP:URI="init.mp4"'];
  for (let msn = 1; msn <= segments; msn++) lines.push('#EXTINF:2.0,', `seg-0000${msn}.m4s`);
  for (let part = 0; part < parts; part++) lines.push(`#EXT-X-PART:DURATION=0.5,URI="seg-0000${segments + 1}.p${part}.m4s"`);
  lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-0000${segments + 1}.p${parts}.m4s"`);
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  root = await writeAccessFolder();
  await mkdir(join(root, 'live', 'video'), { recursive: true });
  await publish('live/video', 'playlist.m3u8', livePlaylist(1, 0));
  // The play webhook: refuses stream "sports" with a reason, allows the rest; checks the signature of every call.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const check = verifyWebhookSignature(Buffer.concat(chunks), req.headers['x-ott-signature'], HOOK_SECRET);
      if (!check.ok) return void res.writeHead(401).end();
      const play = check.body.data as PlayHook;
      asked.push(play);
      if (play.stream === 'sports') return void res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"reason":"geo blocked"}');
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const jwt = { secret: HS_SECRET, algorithms: ['HS256' as const], audience: AUDIENCE };
  rewriting = await startOrigin({ root, access: { jwt }, pollIntervalMs: 0 });
  cookies = await startOrigin({ root, access: { jwt, cookie: { secure: true } }, cors: ['https://player.example.com'] });
  const webhooks = createWebhooks({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/play`, secret: HOOK_SECRET });
  hooked = await startOrigin({ root, access: { jwt }, webhooks });
});

afterAll(async () => {
  await Promise.all([rewriting?.close(), cookies?.close(), hooked?.close()]);
  receiver?.closeAllConnections();
  receiver?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('access control with live streams', () => {
  it('holds a blocking playlist reload that carries a token, and answers with the playlist rewritten', async () => {
    const t = await token('live');
    const held = rawRequest(rewriting.port, `/live/video/playlist.m3u8?token=${t}&_HLS_msn=2`);
    await vi.waitFor(() => expect(rewriting.origin.held).toBe(1)); // the token passed: the reload is held
    await publish('live/video', 'playlist.m3u8', livePlaylist(2, 0));
    const res = await held;
    expect(res.status).toBe(200);
    const text = res.body.toString();
    expect(text).toContain(`seg-00002.m4s?token=${t}`);
    expect(text).toContain(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-00003.p0.m4s?token=${t}"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  it('refuses a blocking reload without a valid token at once, without holding it', async () => {
    expectRefused(await rawRequest(rewriting.port, '/live/video/playlist.m3u8?_HLS_msn=9'), 401, 'token_missing');
    expect(rewriting.origin.held).toBe(0);
  });

  it('streams an in-progress segment (LL-DASH) to a request that carries the token', async () => {
    const t = await token('live');
    await publish('live/video', 'seg-00003.p0.m4s', Buffer.alloc(1000, 1));
    const res = streamRequest(rewriting.port, `/live/video/seg-00003.m4s?token=${t}`);
    const head = await res.head;
    expect(head.statusCode).toBe(200);
    expect(head.headers['transfer-encoding']).toBe('chunked');
    expect(head.headers['cache-control']).toBe('private, no-cache');
    await res.waitForBytes(1000);
    await publish('live/video', 'seg-00003.m4s', Buffer.alloc(1000, 1));
    expect((await res.body).length).toBe(1000);
    expectRefused(await rawRequest(rewriting.port, '/live/video/seg-00004.m4s'), 401, 'token_missing');
  });
});

describe('access control with a cookie', () => {
  it('sets an HttpOnly cookie scoped to the stream instead of rewriting, and accepts it on segments', async () => {
    const t = await token();
    const master = await rawRequest(cookies.port, `/news/master.m3u8?token=${t}`, { headers: { Origin: 'https://player.example.com' } });
    expect(master.status).toBe(200);
    expect(master.body.toString()).toContain('\nvideo/playlist.m3u8\n');
    const cookie = String(master.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^ott_token=${t.replace(/\./g, '\\.')}; Path=/news/; Max-Age=\\d+; HttpOnly; SameSite=Lax; Secure$`));
    expect(master.headers['access-control-allow-credentials']).toBe('true');
    const segment = await rawRequest(cookies.port, '/news/video/seg-00001.m4s', { headers: { Cookie: `other=1; ott_token=${t}` } });
    expect(segment.status).toBe(200);
    expect(segment.headers['set-cookie']).toBeUndefined();
    expectRefused(await rawRequest(cookies.port, '/news/video/seg-00001.m4s', { headers: { Cookie: `ott_token=${await token('sports')}` } }), 403, 'wrong_stream');
  });
});

describe('the onPlay webhook', () => {
  it('asks once per viewer on the first playlist and reuses the answer for later playlists and segments', async () => {
    const t = await token('news', 'viewer-webhook');
    const before = asked.length;
    expect((await rawRequest(hooked.port, `/news/master.m3u8?token=${t}`, { headers: { 'User-Agent': 'test-player' } })).status).toBe(200);
    expect((await rawRequest(hooked.port, `/news/video/playlist.m3u8?token=${t}`)).status).toBe(200);
    expect((await rawRequest(hooked.port, `/news/video/seg-00001.m4s?token=${t}`)).status).toBe(200);
    expect(asked.slice(before)).toEqual([{ stream: 'news', path: '/news/master.m3u8', remoteAddress: '127.0.0.1', userAgent: 'test-player', subject: 'viewer-webhook' }]);
  });

  it('refuses with 403 play_refused and the reason the webhook gave', async () => {
    const res = await rawRequest(hooked.port, `/sports/master.m3u8?token=${await token('sports')}`);
    expectRefused(res, 403, 'play_refused');
    expect(JSON.parse(res.body.toString())).toMatchObject({ message: 'geo blocked' });
  });

  it('answers 503 play_webhook_unavailable when the webhook cannot be asked (fail closed), also without access', async () => {
    const warnings: string[] = [];
    const dead = createWebhooks({ url: 'http://127.0.0.1:9/play', secret: HOOK_SECRET, onWarning: (w) => warnings.push(w.code) });
    const open = await startOrigin({ root, webhooks: dead });
    try {
      expectRefused(await rawRequest(open.port, '/news/master.m3u8'), 503, 'play_webhook_unavailable');
      expect((await rawRequest(open.port, '/news/video/seg-00001.m4s')).status).toBe(200); // segments never ask
      expect(warnings).toEqual(['WEBHOOK_FAILED']);
    } finally {
      await open.close();
    }
  });

  it('never asks the webhook for a request that fails the token check', async () => {
    const before = asked.length;
    expectRefused(await rawRequest(hooked.port, '/news/master.m3u8'), 401, 'token_missing');
    expect(asked.length).toBe(before);
  });
});
