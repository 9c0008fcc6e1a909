// S3 storage as a user runs it: examples/s3.ts (the docs example, with the BUILT packages) uploads a VOD ladder to a
// real S3-protocol server (s3rver, on 127.0.0.1), and the built `ott serve s3://bucket/prefix` serves it.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runExample } from './runExample.js';
import { TestS3 } from '../../packages/s3/src/testing/TestS3.js';
import { generateTestSource } from '../support/media.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
let work: string;
let s3: TestS3;
let server: ChildProcessWithoutNullStreams | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-s3-e2e-'));
  s3 = await TestS3.start('media');
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await s3?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

it('examples/s3.ts uploads a VOD ladder to the bucket and serves it from there', async () => {
  const input = await generateTestSource(work, { seconds: 4, width: 320, height: 180, fps: 25 });
  const run = await runExample('examples/s3.ts', [input, 's3://media/vod', '--endpoint', s3.endpoint], { cwd: work, env: ENV });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('uploaded s3://media/vod/master.m3u8');
  expect(run.stdout).toMatch(/served http:\/\/127\.0\.0\.1:\d+\/master\.m3u8 \(200 application\/vnd\.apple\.mpegurl\)/);
  const keys = await s3.keys('vod/');
  expect(keys).toEqual(expect.arrayContaining(['vod/master.m3u8', 'vod/manifest.mpd', 'vod/video_180p/init.mp4', 'vod/video_180p/seg-00001.m4s', 'vod/audio_aac/playlist.m3u8']));
});

it('ott serve s3://bucket/prefix --s3-endpoint serves the bucket with media types and byte ranges, and stops on SIGTERM', async () => {
  server = spawn(process.execPath, [BIN, 'serve', 's3://media/vod', '--s3-endpoint', s3.endpoint, '--port', '0'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  const child = server;
  const base = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match?.[1] && stdout.includes('master.m3u8\n')) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`ott serve exited ${code}: ${stderr}`)));
  });
  const master = await fetch(`${base}master.m3u8`);
  expect([master.status, master.headers.get('content-type')]).toEqual([200, 'application/vnd.apple.mpegurl']);
  expect(await master.text()).toContain('video_180p/playlist.m3u8');
  const part = await fetch(`${base}video_180p/seg-00001.m4s`, { headers: { Range: 'bytes=0-7' } });
  expect([part.status, part.headers.get('cache-control')]).toEqual([206, 'public, max-age=31536000, immutable']);
  expect(Buffer.from(await part.arrayBuffer()).subarray(4, 8).toString()).toBe('styp');
  expect((await fetch(`${base}../secret`)).status).toBe(404);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
