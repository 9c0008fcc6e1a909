// Every bad input of the foundation issue ends with a clear OttError code from the BUILT `ott` command, a one-line
// error, exit status 1, and no partial output. Audio-only and video-only inputs are valid.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, truncate, writeFile, copyFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestSource, runFfmpeg } from '../support/media.js';
import { runCli } from './runCli.js';

let work: string;
let good: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-bad-input-'));
  good = await generateTestSource(work, { seconds: 4, width: 320, height: 180, fps: 25 });
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function expectFailure(input: string, code: string): Promise<void> {
  const out = join(work, `out-${code}-${Math.random().toString(36).slice(2)}`);
  const run = await runCli(['vod', input, '-o', out, '--ladder', '180p@200k,audio@64k', '--preset', 'ultrafast']);
  expect(run.code).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^ott: error ${code}: .{20,}`));
  expect(existsSync(out), 'no partial output folder').toBe(false);

  const json = await runCli(['vod', input, '-o', out, '--json', '--ladder', '180p@200k,audio@64k']);
  const last = JSON.parse(json.stdout.trim().split('\n').at(-1) ?? '{}') as { type?: string; code?: string };
  expect(last).toMatchObject({ type: 'error', code });
}

describe('ott vod refuses bad input with a clear code and no output', () => {
  it('a missing file → INPUT_NOT_FOUND', () => expectFailure(join(work, 'nope.mp4'), 'INPUT_NOT_FOUND'));

  it('an empty file → INPUT_EMPTY', async () => {
    const empty = join(work, 'empty.mp4');
    await writeFile(empty, '');
    await expectFailure(empty, 'INPUT_EMPTY');
  });

  it('a text file → INPUT_NOT_MEDIA', async () => {
    const text = join(work, 'notes.mp4');
    await writeFile(text, 'this is not a video, just some words\n'.repeat(200));
    await expectFailure(text, 'INPUT_NOT_MEDIA');
  });

  it('a truncated MP4 (the first 60 % of the file) → INPUT_TRUNCATED', async () => {
    const cut = join(work, 'cut.mp4');
    await copyFile(good, cut);
    await truncate(cut, Math.floor((await stat(good)).size * 0.6));
    await expectFailure(cut, 'INPUT_TRUNCATED');
  });

  it('a file with neither audio nor video → INPUT_NO_STREAMS', async () => {
    const srt = join(work, 'subs.srt');
    await writeFile(srt, '1\n00:00:00,000 --> 00:00:02,000\nhello\n');
    const subsOnly = join(work, 'subs-only.mp4');
    await runFfmpeg(['-i', srt, '-c:s', 'mov_text', subsOnly]);
    await expectFailure(subsOnly, 'INPUT_NO_STREAMS');
  });

  it('a malformed --ladder → CLI exit 1 with a usage-style error, no output', async () => {
    const out = join(work, 'out-ladder');
    const run = await runCli(['vod', good, '-o', out, '--ladder', '720x@lots']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ott: error (INVALID_LADDER|CLI_USAGE): /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('ott vod accepts single-kind inputs', () => {
  it.each([
    ['audio-only', { audio: true, video: false }, 'audio'],
    ['video-only', { audio: false, video: true }, 'video'],
  ] as const)('%s input gives a playable output with that kind only', async (name, kinds, kind) => {
    const input = await generateTestSource(work, { seconds: 4, width: 320, height: 180, fps: 25, ...kinds });
    const out = join(work, `out-${name}`);
    const run = await runCli(['vod', input, '-o', out, '--preset', 'ultrafast']);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const dirs = (await readdir(out, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(dirs.length).toBeGreaterThan(0);
    for (const dir of dirs) expect(dir.startsWith(kind)).toBe(true);
    const master = await readFile(join(out, 'master.m3u8'), 'utf8');
    expect(master).toContain('#EXT-X-STREAM-INF');
    expect(await readFile(join(out, 'manifest.mpd'), 'utf8')).toContain(`contentType="${kind}"`);
  });
});
