import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { probe } from './probe.js';

let dir: string;
const file = (name: string): string => join(dir, name);
const ffmpeg = (...args: string[]): void => {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ott-probe-'));
  const video = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30'];
  const audio = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'];
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];
  ffmpeg(...video, ...audio, '-t', '2', ...x264, '-c:a', 'aac', '-ac', '2', file('av.mp4'));
  ffmpeg(...video, ...audio, '-t', '2', ...x264, '-c:a', 'aac', '-movflags', '+faststart', file('faststart.mp4'));
  ffmpeg(...audio, '-t', '2', '-c:a', 'aac', file('audio.m4a'));
  ffmpeg(...video, '-t', '2', ...x264, file('video.mp4'));
  ffmpeg(...video, '-t', '1', ...x264, '-vf', 'setsar=4/3', '-r', '30000/1001', file('anamorphic.mp4'));
  writeFileSync(file('subs.srt'), '1\n00:00:00,000 --> 00:00:01,000\nhello\n');
  ffmpeg('-i', file('subs.srt'), file('subs.mkv'));
  writeFileSync(file('empty.mp4'), new Uint8Array(0));
  writeFileSync(file('notes.txt'), Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n'));
  writeFileSync(file('short.txt'), 'hello\n');
  // Deterministic pseudo-random bytes (xorshift) so the test never depends on a lucky draw.
  const noise = new Uint8Array(200_000);
  let x = 0x12345678;
  for (let i = 0; i < noise.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[i] = x & 0xff;
  }
  writeFileSync(file('noise.bin'), noise);
  writeFileSync(file('noise.mp4'), noise);
  const whole = readFileSync(file('av.mp4')); // moov at the end
  writeFileSync(file('cut-moov-end.mp4'), whole.subarray(0, Math.floor(whole.length * 0.6)));
  const fast = readFileSync(file('faststart.mp4')); // moov first, mdat cut
  writeFileSync(file('cut-mdat.mp4'), fast.subarray(0, Math.floor(fast.length * 0.6)));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function probeError(path: string): Promise<{ code: string; stage: string; message: string }> {
  try {
    await probe(path);
  } catch (error) {
    if (isOttError(error)) return error;
    throw error;
  }
  throw new Error(`probe(${path}) resolved; an error was expected`);
}

describe('probe', () => {
  it('describes an audio + video MP4', async () => {
    const info = await probe(file('av.mp4'));
    expect(info.type).toBe('source');
    expect(info.formatName).toContain('mp4');
    expect(info.durationSeconds).toBeCloseTo(2, 1);
    expect(info.video).toMatchObject({ codec: 'h264', width: 320, height: 240, frameRate: 30 });
    expect(info.video?.displayAspectRatio).toBeCloseTo(4 / 3, 5);
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(info.sizeBytes).toBeGreaterThan(0);
  });

  it('accepts an audio-only input and leaves video undefined', async () => {
    const info = await probe(file('audio.m4a'));
    expect(info.video).toBeUndefined();
    expect(info.audio?.codec).toBe('aac');
  });

  it('accepts a video-only input and leaves audio undefined', async () => {
    const info = await probe(file('video.mp4'));
    expect(info.audio).toBeUndefined();
    expect(info.video?.height).toBe(240);
  });

  it('derives the display aspect ratio from the sample aspect ratio and a fractional frame rate', async () => {
    const info = await probe(file('anamorphic.mp4'));
    expect(info.video?.displayAspectRatio).toBeCloseTo((320 / 240) * (4 / 3), 5);
    expect(info.video?.frameRate).toBeCloseTo(29.97, 2);
  });

  it('rejects a missing file with INPUT_NOT_FOUND', async () => {
    const error = await probeError(file('missing.mp4'));
    expect(error).toMatchObject({ code: 'INPUT_NOT_FOUND', stage: 'ingest' });
    expect(error.message).toContain('missing.mp4');
  });

  it('rejects a 0-byte file with INPUT_EMPTY', async () => {
    expect(await probeError(file('empty.mp4'))).toMatchObject({ code: 'INPUT_EMPTY', stage: 'ingest' });
  });

  it.each(['notes.txt', 'short.txt', 'noise.bin', 'noise.mp4'])('rejects %s with INPUT_NOT_MEDIA', async (name) => {
    expect(await probeError(file(name))).toMatchObject({ code: 'INPUT_NOT_MEDIA', stage: 'ingest' });
  });

  it('rejects the first 60% of an MP4 whose moov is at the end with INPUT_TRUNCATED', async () => {
    const error = await probeError(file('cut-moov-end.mp4'));
    expect(error).toMatchObject({ code: 'INPUT_TRUNCATED', stage: 'ingest' });
    expect(error.message).toMatch(/complete file/);
  });

  it('rejects a faststart MP4 whose mdat is cut with INPUT_TRUNCATED although ffprobe accepts it', async () => {
    expect(await probeError(file('cut-mdat.mp4'))).toMatchObject({ code: 'INPUT_TRUNCATED', stage: 'ingest' });
  });

  it('rejects an input with neither audio nor video with INPUT_NO_STREAMS', async () => {
    const error = await probeError(file('subs.mkv'));
    expect(error).toMatchObject({ code: 'INPUT_NO_STREAMS', stage: 'ingest' });
    expect(error.message).toContain('subtitle');
  });
});

describe('probe of URLs', () => {
  it('passes http URLs to ffprobe without file checks', async () => {
    const body = readFileSync(file('faststart.mp4'));
    const server = createServer((req, res) => {
      // Minimal range support: ffprobe seeks in MP4s over HTTP.
      const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Number(range[2]) : body.length - 1;
      res.writeHead(range ? 206 : 200, {
        'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes', 'Content-Length': end - start + 1,
        ...(range ? { 'Content-Range': `bytes ${start}-${end}/${body.length}` } : {}),
      });
      res.end(body.subarray(start, end + 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const info = await probe(`http://127.0.0.1:${port}/movie.mp4`);
      expect(info.url).toBe(`http://127.0.0.1:${port}/movie.mp4`);
      expect(info.video?.width).toBe(320);
    } finally {
      server.close();
    }
  });

  it('gives up with PROBE_FAILED when a URL never answers', async () => {
    const sockets: Socket[] = [];
    const server = createNetServer((socket) => sockets.push(socket)); // accepts, never replies
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(probe(`http://127.0.0.1:${port}/stuck.mp4`, { timeoutMs: 500 })).rejects.toMatchObject({ code: 'PROBE_FAILED', message: expect.stringMatching(/did not answer/) });
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
