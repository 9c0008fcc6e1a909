// `ott serve`: the built command serves an `ott package` output folder (no encode: the clear vector from mp4ff is
// packaged as is) with the media types and cache headers players and CDNs rely on, and stops cleanly on SIGTERM;
// examples/serve.ts does the same with the library.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './runCli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const VECTOR = fileURLToPath(new URL('../../../shared/vectors/cenc/prog_8s_dec_dashinit.mp4', import.meta.url));
let work: string;
let out: string;
let server: ChildProcessWithoutNullStreams | undefined;
let base: string;

/** The URI lines of a playlist. */
function uris(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

/** Starts a server process and resolves with the URL it prints (`... at http://127.0.0.1:<port>/`). */
function urlOf(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`ott serve exited ${code}: ${stderr}`)));
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-serve-'));
  out = join(work, 'out');
  const packaged = await runCli(['package', VECTOR, '-o', out]);
  expect(packaged.code, packaged.stderr).toBe(0);
  server = spawn(process.execPath, [BIN, 'serve', out, '--port', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
  base = await urlOf(server);
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (work) await rm(work, { recursive: true, force: true });
});

it('ott serve prints its URL and serves the playlists, init and media segments of an output folder', async () => {
  const master = await fetch(`${base}master.m3u8`);
  expect(master.status).toBe(200);
  expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
  expect(master.headers.get('access-control-allow-origin')).toBe('*');
  const variant = uris(await master.text())[0];
  expect(variant).toBeDefined();

  const media = await fetch(new URL(String(variant), base));
  expect(media.headers.get('cache-control')).toBe('public, max-age=1');
  const mediaText = await media.text();
  const initUri = /#EXT-X-MAP:URI="([^"]+)"/.exec(mediaText)?.[1];
  const segmentUri = uris(mediaText)[0];
  expect(initUri && segmentUri).toBeTruthy();
  const folder = String(variant).split('/')[0] ?? '';

  const init = await fetch(new URL(`${folder}/${initUri}`, base));
  expect(init.headers.get('content-type')).toBe('video/mp4');
  expect(init.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  const first = await fetch(new URL(`${folder}/${segmentUri}`, base));
  expect(first.headers.get('content-type')).toBe('video/iso.segment');
  expect(Buffer.from(await first.arrayBuffer()).equals(await readFile(join(out, folder, String(segmentUri))))).toBe(true);

  const mpd = await fetch(`${base}manifest.mpd`);
  expect(mpd.headers.get('content-type')).toBe('application/dash+xml');
  expect((await fetch(`${base}../../etc/passwd`)).status).toBe(404); // fetch normalises the path: stays in the root
});

it('ott serve exits 0 on SIGTERM', async () => {
  const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
  server?.kill('SIGTERM');
  expect(await exited).toBe(0);
});

it('examples/serve.ts serves a folder with the built @ott/origin', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'examples/serve.ts'), out, '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await urlOf(child);
    const res = await fetch(`${url}manifest.mpd`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/dash+xml');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
