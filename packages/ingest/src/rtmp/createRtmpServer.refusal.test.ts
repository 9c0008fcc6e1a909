import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import type { LiveStream, PublisherEvent } from '@ott/core';
import { createRtmpServer } from './createRtmpServer.js';
import type { RtmpServer } from './createRtmpServer.js';
import type { RtmpPublishRequest } from './authorizePublisher.js';
import { publishWithFfmpeg } from './testing/ffmpegPublisher.js';
import type { FfmpegPublisher } from './testing/ffmpegPublisher.js';

let server: RtmpServer | undefined;
let http: Server | undefined;
const publishers: FfmpegPublisher[] = [];

afterEach(async () => {
  for (const p of publishers.splice(0)) p.process.kill('SIGKILL');
  await server?.close();
  server = undefined;
  await new Promise((resolve) => (http ? http.close(resolve) : resolve(undefined)));
  http = undefined;
});

function publish(url: string, seconds: number): FfmpegPublisher {
  const p = publishWithFfmpeg(url, seconds);
  publishers.push(p);
  return p;
}

/** Starts a server recording streams; resolves the next `refused` event on demand. */
async function start(options: Omit<Parameters<typeof createRtmpServer>[0], 'port'>): Promise<{ running: RtmpServer; streams: LiveStream[]; refused: () => Promise<PublisherEvent> }> {
  const running = await createRtmpServer({ port: 0, graceMs: 200, ...options });
  server = running;
  const streams: LiveStream[] = [];
  running.streams.subscribe((s) => {
    streams.push(s);
    s.items.subscribe((item) => (item.type === 'live-input' ? item.data.resume() : undefined));
  });
  const refusals: PublisherEvent[] = [];
  running.events.pipe(filter((e): e is PublisherEvent => e.type === 'publisher' && e.action === 'refused')).subscribe((e) => refusals.push(e));
  const refused = async (): Promise<PublisherEvent> => {
    for (let deadline = Date.now() + 10_000; refusals.length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    const event = refusals.shift();
    if (!event) throw new Error('no refused event');
    return event;
  };
  return { running, streams, refused };
}

/** A webhook answering `status` and recording the JSON bodies it got. */
async function webhook(status: number): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/on-publish`, bodies };
}

describe('createRtmpServer refusals', () => {
  it('refuses a key the authorize hook rejects: ffmpeg fails, a refused event, no stream', async () => {
    const { streams, refused } = await start({ authorize: ({ streamKey }) => streamKey !== 'blocked' });
    const ffmpeg = publish(`${server?.url}/live/blocked`, 2);
    expect(await ffmpeg.exited).not.toBe(0);
    expect(await refused()).toMatchObject({ type: 'publisher', action: 'refused', streamKey: 'blocked', protocol: 'rtmp', reason: 'not authorised' });
    expect(streams).toHaveLength(0);
  });

  it('refuses when the webhook answers 403, and tells the hook the key without its query', async () => {
    const hook = await webhook(403);
    const seen: RtmpPublishRequest[] = [];
    const { streams, refused } = await start({
      webhook: hook.url,
      authorize: (request) => {
        seen.push(request);
        return true;
      },
    });
    const ffmpeg = publish(`${server?.url}/live/cam9?token=abc`, 2);
    expect(await ffmpeg.exited).not.toBe(0);
    expect(await refused()).toMatchObject({ streamKey: 'cam9', reason: 'authorisation webhook answered 403' });
    expect(seen).toEqual([{ streamKey: 'cam9', app: 'live', remoteAddress: expect.stringMatching(/127\.0\.0\.1/), query: { token: 'abc' } }]);
    expect(hook.bodies).toEqual([{ streamKey: 'cam9', app: 'live', remoteAddress: expect.stringMatching(/127\.0\.0\.1/), query: { token: 'abc' } }]);
    expect(streams).toHaveLength(0);
  });

  it('lets a publisher in when the hook and a 2xx webhook both allow it', async () => {
    const hook = await webhook(204);
    const { streams, running } = await start({ webhook: hook.url, authorize: ({ query }) => query.token === 'good' || 'bad token' });
    const streamPromise = firstValueFrom(running.streams);
    const ffmpeg = publish(`${running.url}/live/cam2?token=good`, 1);
    expect((await streamPromise).streamKey).toBe('cam2');
    expect(await ffmpeg.exited, ffmpeg.stderr()).toBe(0);
    expect(streams).toHaveLength(1);
  });

  it('refuses an invalid stream key and a second publisher on a key that is publishing', async () => {
    const { streams, refused, running } = await start({});
    const bad = publish(`${running.url}/live/bad.key`, 1);
    expect(await bad.exited).not.toBe(0);
    expect((await refused()).reason).toMatch(/is not allowed/);

    const streamPromise = firstValueFrom(running.streams);
    const first = publish(`${running.url}/live/dup`, 4);
    await streamPromise;
    const second = publish(`${running.url}/live/dup`, 1);
    expect(await second.exited).not.toBe(0);
    expect(await refused()).toMatchObject({ streamKey: 'dup', reason: 'stream key "dup" is already publishing' });
    expect(await first.exited, first.stderr()).toBe(0);
    expect(streams.map((s) => s.streamKey)).toEqual(['dup']);
  });
});
