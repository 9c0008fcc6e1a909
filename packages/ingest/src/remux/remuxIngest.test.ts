import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveInput, LiveStream, LiveStreamItem } from '@ott/core';
import { generateTestSource } from '../../../../test/support/media.js';
import { createFileIngest } from './createFileIngest.js';
import { createRtspIngest } from './createRtspIngest.js';
import { createSrtIngest } from './createSrtIngest.js';
import type { RemuxIngest } from './RemuxIngest.js';
import { startRtspServer } from '../../../../test/support/rtspServer.js';
import { freePort } from '../../../../test/support/freePort.js';

let dir: string;
let source: string;
const children: ChildProcess[] = [];
const ingests: RemuxIngest[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ott-remux-ingest-'));
  source = await generateTestSource(dir, { seconds: 3, width: 320, height: 180, fps: 25 });
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(ingests.splice(0).map((i) => i.close()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts an ffmpeg publisher (`-re`, real time) and keeps it for clean-up. */
function publish(args: readonly string[]): ChildProcess {
  const child = spawn(process.env['FFMPEG_PATH'] ?? 'ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-i', source, '-c', 'copy', ...args], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** Counts the video and audio packets ffprobe finds in a live input's bytes. */
function probeStream(data: Readable, format: string): Promise<{ video: number; audio: number }> {
  return new Promise((resolve, reject) => {
    const probe = spawn('ffprobe', ['-v', 'error', '-f', format, '-i', 'pipe:0', '-show_entries', 'packet=codec_type', '-of', 'csv=p=0'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    probe.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    data.pipe(probe.stdin).on('error', () => undefined);
    probe.on('error', reject);
    probe.on('close', () => {
      const lines = out.split('\n').map((l) => l.trim().replace(/,$/, ''));
      resolve({ video: lines.filter((l) => l === 'video').length, audio: lines.filter((l) => l === 'audio').length });
    });
  });
}

const inputsOf = (items: readonly LiveStreamItem[]): LiveInput[] => items.filter((i): i is LiveInput => i.type === 'live-input');

describe('createFileIngest', () => {
  it('plays a file as one live session whose MPEG-TS bytes decode, then ends the stream', async () => {
    const ingest = createFileIngest({ path: source, streamKey: 'talk' });
    ingests.push(ingest);
    const streamP = firstValueFrom(ingest.streams);
    ingest.start();
    const stream = await streamP;
    expect(stream).toMatchObject({ streamKey: 'talk', protocol: 'file' });
    const items: LiveStreamItem[] = [];
    const done = new Promise<void>((resolve) => stream.items.subscribe({ next: (i) => items.push(i), complete: resolve }));
    const input = await waitFor(() => inputsOf(items)[0]);
    const counts = await probeStream(input.data, input.format);
    await done;
    expect(counts.video).toBeGreaterThanOrEqual(70); // 3 s at 25 fps
    expect(counts.audio).toBeGreaterThan(0);
    expect(items.filter((i) => i.type === 'publisher').map((i) => (i.type === 'publisher' ? i.action : ''))).toEqual(['connect', 'disconnect']);
  });
});

describe('createSrtIngest', () => {
  it('listens for an SRT caller, names the stream by streamid, and continues the stream when the publisher comes back', async () => {
    const port = await freePort();
    const ingest = createSrtIngest({ url: `srt://127.0.0.1:${port}?mode=listener&streamid=cam1&passphrase=correct-horse-battery`, graceMs: 20_000 });
    ingests.push(ingest);
    const streamP = firstValueFrom(ingest.streams);
    ingest.start();
    const target = `srt://127.0.0.1:${port}?mode=caller&streamid=cam1&passphrase=correct-horse-battery`;
    const first = publish(['-f', 'mpegts', target]);
    const stream: LiveStream = await streamP;
    expect(stream).toMatchObject({ streamKey: 'cam1', protocol: 'srt' });
    const items: LiveStreamItem[] = [];
    stream.items.subscribe((i) => items.push(i));
    const one = await waitFor(() => inputsOf(items)[0]);
    one.data.resume();
    first.kill('SIGKILL'); // the publisher drops…
    await waitFor(() => items.find((i) => i.type === 'publisher' && i.action === 'disconnect'));
    // …and comes back within the grace period. Like OBS, it retries until the listener (started again) answers.
    let second = publish(['-f', 'mpegts', target]);
    const two = await waitFor(() => {
      if (second.exitCode !== null) second = publish(['-f', 'mpegts', target]);
      return inputsOf(items)[1];
    });
    expect(two.session).toBe(2);
    const counts = await probeStream(two.data, two.format);
    expect(counts.video).toBeGreaterThan(25);
  });

  it('refuses a caller with the wrong passphrase: no stream starts', async () => {
    const port = await freePort();
    const ingest = createSrtIngest({ url: `srt://127.0.0.1:${port}?mode=listener&streamid=cam2&passphrase=correct-horse-battery` });
    ingests.push(ingest);
    let started = false;
    ingest.streams.subscribe(() => (started = true));
    ingest.start();
    const intruder = publish(['-f', 'mpegts', `srt://127.0.0.1:${port}?mode=caller&streamid=cam2&passphrase=wrong-passphrase-123`]);
    const code = await new Promise<number | null>((resolve) => intruder.once('close', resolve));
    expect(code).not.toBe(0);
    expect(started).toBe(false);
  });

  it('calls a remote SRT listener (caller mode)', async () => {
    const port = await freePort();
    publish(['-f', 'mpegts', `srt://127.0.0.1:${port}?mode=listener`]);
    const ingest = createSrtIngest({ url: `srt://127.0.0.1:${port}?mode=caller`, streamKey: 'remote', initialDelayMs: 100 });
    ingests.push(ingest);
    const streamP = firstValueFrom(ingest.streams);
    ingest.start();
    const stream = await streamP;
    const input = await firstValueFrom(stream.items.pipe(take(5), toArray())).then(inputsOf);
    expect(input[0]?.streamKey).toBe('remote');
  });
});

describe('createRtspIngest', () => {
  it('pulls a camera from a real RTSP server, retrying with back-off until it is there', async () => {
    const [serverPort, clientPort] = [await freePort(), await freePort()];
    const server = await startRtspServer(serverPort, clientPort);
    try {
      const ingest = createRtspIngest({ url: `rtsp://127.0.0.1:${clientPort}/door`, transport: 'udp', timeoutMs: 2000, initialDelayMs: 200, maxDelayMs: 1000 });
      ingests.push(ingest);
      const warnings: string[] = [];
      ingest.events.subscribe((e) => e.type === 'warning' && warnings.push(e.code));
      const streamP = firstValueFrom(ingest.streams);
      ingest.start();
      await waitFor(() => (warnings.length >= 2 ? true : undefined)); // nothing published yet: failed pulls, backing off
      publish(['-f', 'rtsp', '-rtsp_transport', 'udp', `rtsp://127.0.0.1:${serverPort}/door`]);
      const stream = await streamP;
      expect(stream).toMatchObject({ streamKey: 'door', protocol: 'rtsp' });
      const input = inputsOf(await lastValueFrom(stream.items.pipe(take(2), toArray())))[0];
      expect(input).toBeDefined();
      const counts = await probeStream((input as LiveInput).data, 'mpegts');
      expect(counts.video).toBeGreaterThan(10);
      expect(warnings.every((w) => w === 'INGEST_CONNECT_FAILED')).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

async function waitFor<T>(get: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
