// examples/tokens.ts and examples/webhooks.ts run as a user would (tsx, importing the BUILT packages).
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-examples-access-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function runExample(file: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, file), ...args], {
      cwd: work,
      env: { ...process.env, ...env },
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

it('examples/tokens.ts serves a stream with a token and a signed URL, and refuses it without one', async () => {
  const stream = join(work, 'out', 'movie');
  await mkdir(join(stream, 'video'), { recursive: true });
  await writeFile(join(stream, 'master.m3u8'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nvideo/playlist.m3u8\n');
  await cp(join(stream, 'master.m3u8'), join(stream, 'video', 'playlist.m3u8'));
  const run = await runExample('examples/tokens.ts', [join(work, 'out'), '0'], { CHECK_ONLY: '1' });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('with token: 200');
  expect(run.stdout).toContain('signed URL: 200');
  expect(run.stdout).toContain('no credential: 401 token_missing');
});

it('examples/webhooks.ts gets a signed play decision, a refusal with its reason and two notifications through', async () => {
  const run = await runExample('examples/webhooks.ts', []);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("play news: { allowed: true, status: 204 }");
  expect(run.stdout).toContain("reason: 'not your stream'");
  expect(run.stdout).toContain('segment: { delivered: true, attempts: 1, status: 204 }');
  expect(run.stdout).toContain('stream end: { delivered: true, attempts: 1, status: 204 }');
});
