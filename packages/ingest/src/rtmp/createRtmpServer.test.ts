import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import type { LiveInput, LiveStream, LiveStreamItem, PublisherEvent, StreamHealthEvent } from '@ott/core';
import { createRtmpServer } from './createRtmpServer.js';
import type { RtmpServer } from './createRtmpServer.js';
import { probeFlvPipe, publishWithFfmpeg } from './testing/ffmpegPublisher.js';
import type { FfmpegPublisher } from './testing/ffmpegPublisher.js';

let server: RtmpServer | undefined;
const publishers: FfmpegPublisher[] = [];

afterEach(async () => {
  for (const p of publishers.splice(0)) p.process.kill('SIGKILL');
  await server?.close();
  server = undefined;
});

function publish(url: string, seconds: number): FfmpegPublisher {
  const p = publishWithFfmpeg(url, seconds);
  publishers.push(p);
  return p;
}

/** Subscribes to a stream's items; resolves with all of them on completion. */
function collectItems(stream: LiveStream, onItem: (item: LiveStreamItem) => void = () => undefined): Promise<LiveStreamItem[]> {
  const items: LiveStreamItem[] = [];
  return new Promise((resolve, reject) =>
    stream.items.subscribe({
      next: (item) => {
        items.push(item);
        onItem(item);
      },
      error: reject,
      complete: () => resolve(items),
    }),
  );
}

const inputs = (items: LiveStreamItem[]): LiveInput[] => items.filter((i): i is LiveInput => i.type === 'live-input');

describe('createRtmpServer with ffmpeg publishing', () => {
  it('turns one ffmpeg publish into a LiveStream whose FLV decodes with both tracks', async () => {
    server = await createRtmpServer({ port: 0, graceMs: 300, healthIntervalMs: 200 });
    const events: (PublisherEvent | StreamHealthEvent)[] = [];
    server.events.subscribe((e) => {
      if (e.type !== 'warning') events.push(e);
    });
    const streamPromise = firstValueFrom(server.streams);
    const ffmpeg = publish(`${server.url}/live/cam1`, 3);
    const stream = await streamPromise;
    expect(stream).toMatchObject({ streamKey: 'cam1', protocol: 'rtmp' });
    let probe: Promise<Awaited<ReturnType<typeof probeFlvPipe>>> | undefined;
    const items = await collectItems(stream, (item) => {
      if (item.type === 'live-input') probe = probeFlvPipe(item.data);
    });
    expect(await ffmpeg.exited, ffmpeg.stderr()).toBe(0);

    const [input] = inputs(items);
    expect(input).toMatchObject({ streamKey: 'cam1', protocol: 'rtmp', session: 1, format: 'flv' });
    expect(input?.video).toMatchObject({ codec: 'h264', width: 320, height: 180, frameRate: 25 });
    expect(input?.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 1 });
    expect(input?.remoteAddress).toMatch(/127\.0\.0\.1/);

    const streams = await probe;
    const video = streams?.find((s) => s.codec_type === 'video');
    const audio = streams?.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    expect(Number(video?.nb_read_frames)).toBeGreaterThan(0);
    expect(audio).toMatchObject({ codec_name: 'aac' });
    expect(Number(audio?.nb_read_frames)).toBeGreaterThan(0);

    const actions = events.filter((e): e is PublisherEvent => e.type === 'publisher').map((e) => `${e.action}:${e.session}`);
    expect(actions).toEqual(['connect:1', 'disconnect:1']);
    const health = events.filter((e): e is StreamHealthEvent => e.type === 'stream-health');
    expect(health.some((h) => h.bitrate > 0 && (h.fps ?? 0) > 0)).toBe(true);
    // -g 25 at 25 fps: keyframes one second apart in media time
    expect(health.some((h) => h.keyframeInterval === 1)).toBe(true);
  });

  it('serves two publishers with different keys at once, each as its own stream', async () => {
    server = await createRtmpServer({ port: 0, graceMs: 300 });
    const twoStreams = firstValueFrom(server.streams.pipe(take(2), toArray()));
    const a = publish(`${server.url}/live/alpha`, 2);
    const b = publish(`${server.url}/live/beta`, 2);
    const streams = await twoStreams;
    expect(streams.map((s) => s.streamKey).sort()).toEqual(['alpha', 'beta']);
    const byteCounts = streams.map(async (stream) => {
      let bytes = 0;
      await collectItems(stream, (item) => {
        if (item.type === 'live-input') item.data.on('data', (chunk: Buffer) => (bytes += chunk.length));
      });
      return bytes;
    });
    expect(await a.exited, a.stderr()).toBe(0);
    expect(await b.exited, b.stderr()).toBe(0);
    const [alphaBytes, betaBytes] = await Promise.all(byteCounts);
    expect(alphaBytes).toBeGreaterThan(10_000);
    expect(betaBytes).toBeGreaterThan(10_000);
  });

  it('continues the same stream as session 2 when a killed publisher comes back within the grace period', async () => {
    server = await createRtmpServer({ port: 0, graceMs: 4000 });
    const streams: LiveStream[] = [];
    server.streams.subscribe((s) => streams.push(s));
    const first = publish(`${server.url}/live/comeback`, 30);
    const stream = await firstValueFrom(server.streams);
    let second: FfmpegPublisher | undefined;
    const items = await collectItems(stream, (item) => {
      if (item.type === 'live-input') {
        // Once media flows, kill the publisher the hard way: no deleteStream, the socket just dies.
        if (item.session === 1) item.data.once('data', () => first.process.kill('SIGKILL'));
        item.data.resume();
      }
      if (item.type === 'publisher' && item.action === 'disconnect' && item.session === 1) second = publish(`${server?.url}/live/comeback`, 2);
    });
    expect(await first.exited).toBeNull();
    expect(await second?.exited, second?.stderr()).toBe(0);
    expect(inputs(items).map((i) => i.session)).toEqual([1, 2]);
    const actions = items.filter((i): i is PublisherEvent => i.type === 'publisher').map((e) => `${e.action}:${e.session}`);
    expect(actions).toEqual(['connect:1', 'disconnect:1', 'connect:2', 'disconnect:2']);
    expect(streams).toHaveLength(1);
  });
});
