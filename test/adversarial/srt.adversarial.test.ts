// An SRT listener takes one caller at a time: a caller that connects and sends nothing must not hold it from the
// real publisher. Real ffmpeg on both ends, 127.0.0.1 only.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarningEvent } from '@ott/core';
import { createSrtIngest } from '@ott/ingest';
import type { RemuxIngest } from '@ott/ingest';
import { freePort } from '../support/freePort.js';
import { generateTestSource } from '../support/media.js';

const ffmpeg = process.env['FFMPEG_PATH'] ?? 'ffmpeg';
const children: ChildProcess[] = [];
let work: string;
let source: string;
let ingest: RemuxIngest | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-srt-adversarial-'));
  source = await generateTestSource(work, { seconds: 20, width: 160, height: 90, fps: 25 });
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await ingest?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('createSrtIngest against a silent caller', () => {
  it('drops a caller that sends nothing after timeoutMs, then takes the real publisher', async () => {
    const port = await freePort();
    ingest = createSrtIngest({ url: `srt://127.0.0.1:${port}?mode=listener&streamid=cam1`, timeoutMs: 1000, initialDelayMs: 100 });
    const warnings: WarningEvent[] = [];
    ingest.events.subscribe((event) => {
      if (event.type === 'warning') warnings.push(event);
    });
    const streamP = firstValueFrom(ingest.streams);
    ingest.start();
    await new Promise((r) => setTimeout(r, 500));
    // ffmpeg as a *reading* caller: it connects, sends no media, and waits for data that never comes.
    const silent = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', `srt://127.0.0.1:${port}?mode=caller&streamid=cam1`, '-f', 'null', '-'], { stdio: 'ignore' });
    children.push(silent);
    const deadline = Date.now() + 30_000;
    while (!warnings.some((w) => /timed out|gave no data/i.test(w.message)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/gave no data/);
    silent.kill('SIGKILL');
    // The real publisher retries until the listener, started again, answers (as OBS does).
    let publisher: ChildProcess | undefined;
    const retry = setInterval(() => {
      if (publisher === undefined || publisher.exitCode !== null) {
        publisher = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-re', '-i', source, '-c', 'copy', '-f', 'mpegts', `srt://127.0.0.1:${port}?mode=caller&streamid=cam1`], { stdio: 'ignore' });
        children.push(publisher);
      }
    }, 500);
    try {
      const stream = await streamP;
      expect(stream).toMatchObject({ streamKey: 'cam1', protocol: 'srt' });
    } finally {
      clearInterval(retry);
    }
  });
});
