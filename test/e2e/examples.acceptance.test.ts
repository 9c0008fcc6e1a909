// The examples are part of the docs: CI runs each one as a user would (tsx, importing the BUILT packages).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateTestSource } from '../support/media.js';
import { startRedis } from '../support/redis.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-examples-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function runExample(file: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, file), ...args], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

it('examples/vod.ts turns a file into HLS + DASH', async () => {
  const input = await generateTestSource(work, { seconds: 6, width: 640, height: 360, fps: 30 });
  const out = join(work, 'vod');
  const run = await runExample('examples/vod.ts', [input, out]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('wrote');
  expect(await readFile(join(out, 'master.m3u8'), 'utf8')).toContain('#EXT-X-STREAM-INF');
  expect(await readFile(join(out, 'manifest.mpd'), 'utf8')).toContain('<MPD');
});

it('examples/encrypt.ts packages a file encrypted with cbcs and signals it in both manifests', async () => {
  const input = await generateTestSource(work, { seconds: 6, width: 320, height: 180, fps: 25 });
  const out = join(work, 'encrypted');
  const run = await runExample('examples/encrypt.ts', [input, out]);
  expect(run.code, run.stderr).toBe(0);
  const mpd = await readFile(join(out, 'manifest.mpd'), 'utf8');
  expect(mpd).toContain('value="cbcs"');
  expect(mpd).toContain('cenc:default_KID="01234567-89ab-cdef-0123-456789abcdef"');
  const init = await readFile(join(out, 'video_180p', 'init.mp4'));
  expect(init.includes(Buffer.from('encv'))).toBe(true);
  expect(init.includes(Buffer.from('pssh'))).toBe(true);
});

it('examples/farm.ts runs a farm worker and a job on a local redis-server', async () => {
  const input = await generateTestSource(work, { seconds: 12, width: 320, height: 180, fps: 25 });
  const out = join(work, 'farm');
  const redis = await startRedis();
  try {
    const run = await runExample('examples/farm.ts', [redis.url, input, out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/queued vod-\S+: \d+ encode tasks/);
    expect(run.stdout).toContain('wrote');
    expect(await readFile(join(out, 'master.m3u8'), 'utf8')).toContain('#EXT-X-STREAM-INF');
  } finally {
    await redis.close();
  }
});
