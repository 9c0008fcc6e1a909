// `ott package`: already-encoded MP4 files (progressive and fragmented, one rendition per file or several tracks in
// one) → the same CMAF + HLS + DASH output as `ott vod`, without re-encoding; checked with ffmpeg and in Chromium.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { playInBrowser } from '../browser/playInBrowser.js';
import { startStaticServer } from '../browser/staticServer.js';
import { generateTestSource, runFfmpeg } from '../support/media.js';
import { decodeWithFfmpeg } from './ffmpegCheck.js';
import { runCli } from './runCli.js';

let work: string;
let browser: Browser;
let muxed: string;
const renditions: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-package-'));
  muxed = await generateTestSource(work, { seconds: 12, width: 640, height: 360, fps: 30 });
  // One rendition per file, keyframes every 2 s in both (as an encoder farm would hand them over).
  for (const [height, rate] of [[360, '600k'], [180, '200k']] as const) {
    const path = join(work, `v${height}.mp4`);
    await runFfmpeg(['-i', muxed, '-map', '0:v', '-vf', `scale=-2:${height}`, '-c:v', 'libx264', '-preset', 'ultrafast',
      '-b:v', rate, '-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-bf', '2', path]);
    renditions.push(path);
  }
  const audio = join(work, 'audio.mp4');
  await runFfmpeg(['-i', muxed, '-map', '0:a', '-c', 'copy', audio]);
  renditions.push(audio);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function packageAndPlay(inputs: readonly string[], name: string, videoRenditions: number): Promise<string> {
  const out = join(work, name);
  const run = await runCli(['package', ...inputs, '-o', out]);
  expect(run.code, run.stderr).toBe(0);
  const dirs = (await readdir(out, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  expect(dirs.filter((d) => d.startsWith('video'))).toHaveLength(videoRenditions);
  expect(dirs.filter((d) => d.startsWith('audio'))).toHaveLength(1);
  for (const manifest of ['master.m3u8', 'manifest.mpd']) {
    expect(existsSync(join(out, manifest))).toBe(true);
    const decoded = await decodeWithFfmpeg(join(out, manifest), manifest.endsWith('.m3u8') ? ['-allowed_extensions', 'ALL'] : []);
    expect(decoded.errors).toEqual([]);
    expect(Math.abs(decoded.decodedSeconds - 12)).toBeLessThanOrEqual(0.1);
  }
  const server = await startStaticServer(out);
  try {
    const hls = await playInBrowser(browser, { player: 'hls.js', src: `${server.url}/master.m3u8` });
    expect(hls.errors).toEqual([]);
    expect(hls.reached).toBe(true);
    const dash = await playInBrowser(browser, { player: 'dash.js', src: `${server.url}/manifest.mpd` });
    expect(dash.errors).toEqual([]);
    expect(dash.reached).toBe(true);
  } finally {
    await server.close();
  }
  return out;
}

describe('ott package', () => {
  it('packages one progressive MP4 per rendition (2 video + 1 audio) and the result plays', async () => {
    const out = await packageAndPlay(renditions, 'separate', 2);
    const master = await readFile(join(out, 'master.m3u8'), 'utf8');
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);
    expect(master).toContain('TYPE=AUDIO');
  });

  it('packages a file with video and audio tracks in one progressive MP4', async () => {
    await packageAndPlay([muxed], 'muxed', 1);
  });

  it('packages a fragmented MP4 input', async () => {
    const fragmented = join(work, 'fragmented.mp4');
    await runFfmpeg(['-i', muxed, '-c', 'copy', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', fragmented]);
    await packageAndPlay([fragmented], 'fragmented', 1);
  });

  it('refuses a file that is not an MP4 with a clear error and leaves no output', async () => {
    const bogus = join(work, 'bogus.mp4');
    await import('node:fs/promises').then((fs) => fs.writeFile(bogus, 'not an mp4 at all, sorry'));
    const out = join(work, 'bogus-out');
    const run = await runCli(['package', bogus, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ott: error (PACKAGE_INVALID_INPUT|ISOBMFF_[A-Z_]+|INPUT_[A-Z_]+): .{20,}/);
    expect(existsSync(out)).toBe(false);
  });
});
