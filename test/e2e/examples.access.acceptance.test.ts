// examples/tokens.ts and examples/webhooks.ts run as a user would (tsx, importing the BUILT packages).
import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runExample } from './runExample.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-examples-access-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('examples/tokens.ts serves a stream with a token and a signed URL, and refuses it without one', async () => {
  const stream = join(work, 'out', 'movie');
  await mkdir(join(stream, 'video'), { recursive: true });
  await writeFile(join(stream, 'master.m3u8'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nvideo/playlist.m3u8\n');
  await cp(join(stream, 'master.m3u8'), join(stream, 'video', 'playlist.m3u8'));
  const run = await runExample('examples/tokens.ts', [join(work, 'out'), '0'], { cwd: work, env: { CHECK_ONLY: '1' } });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('with token: 200');
  expect(run.stdout).toContain('signed URL: 200');
  expect(run.stdout).toContain('no credential: 401 token_missing');
});

it('examples/webhooks.ts gets a signed play decision, a refusal with its reason and two notifications through', async () => {
  const run = await runExample('examples/webhooks.ts', [], { cwd: work });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("play news: { allowed: true, status: 204 }");
  expect(run.stdout).toContain("reason: 'not your stream'");
  expect(run.stdout).toContain('segment: { delivered: true, attempts: 1, status: 204 }');
  expect(run.stdout).toContain('stream end: { delivered: true, attempts: 1, status: 204 }');
});
