import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestSource, runFfmpeg } from '../support/media.js';
import { launchChromium } from './chromium.js';
import { playInBrowser } from './playInBrowser.js';
import type { PlayResult } from './playInBrowser.js';
import { startStaticServer } from './staticServer.js';
import type { StaticServer } from './staticServer.js';

// Streams come straight from ffmpeg's own HLS/DASH muxers, so these tests check the harness, not
// our packager: if they fail, the browser, a player script or the harness is broken.
let tmp = '';
let browser: Browser | undefined;
let server: StaticServer | undefined;

/** Copies a stream folder and deletes its media segments (keeps init segments and manifests). */
async function copyWithoutMediaSegments(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
  for (const name of await readdir(to)) {
    if (name.endsWith('.m4s') && !name.startsWith('init')) await rm(path.join(to, name));
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-browser-harness-'));
  const out = path.join(tmp, 'out');
  await Promise.all([mkdir(path.join(out, 'hls'), { recursive: true }), mkdir(path.join(out, 'dash'), { recursive: true })]);
  const [source, launched] = await Promise.all([
    generateTestSource(tmp, { seconds: 12, width: 640, height: 360, fps: 30 }),
    launchChromium(),
  ]);
  browser = launched;
  await Promise.all([
    runFfmpeg(['-i', source, '-c', 'copy', '-f', 'hls', '-hls_time', '4', '-hls_segment_type', 'fmp4',
      '-hls_playlist_type', 'vod', path.join(out, 'hls', 'index.m3u8')]),
    runFfmpeg(['-i', source, '-c', 'copy', '-f', 'dash', '-seg_duration', '4', path.join(out, 'dash', 'manifest.mpd')]),
  ]);
  await Promise.all([
    copyWithoutMediaSegments(path.join(out, 'hls'), path.join(out, 'hls-404')),
    copyWithoutMediaSegments(path.join(out, 'dash'), path.join(out, 'dash-404')),
  ]);
  server = await startStaticServer(out);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function play(player: 'hls.js' | 'dash.js' | 'shaka', stream: string, extra: { seekTo?: number; timeoutMs?: number } = {}): Promise<PlayResult> {
  if (!browser || !server) throw new Error('beforeAll did not finish: no browser or server');
  return playInBrowser(browser, { player, src: `${server.url}/${stream}`, ...extra });
}

function expectPlayedTheWholeLadder(result: PlayResult): void {
  expect(result.errors).toEqual([]);
  expect(result.reached).toBe(true);
  expect(result.currentTime).toBeGreaterThan(5);
  expect(result.levels).toBe(1);
  expect(result.videoWidth).toBe(640);
  expect(result.videoHeight).toBe(360);
  expect(result.duration).toBeCloseTo(12, 0);
}

describe('playInBrowser on ffmpeg-made streams', () => {
  it('hls.js plays fMP4 HLS past 5 s and keeps playing after a seek', async () => {
    const result = await play('hls.js', 'hls/index.m3u8', { seekTo: 8 });
    expectPlayedTheWholeLadder(result);
    expect(result.seek).toMatchObject({ to: 8, seeked: true });
    expect(result.seek?.seekedAt).toBeCloseTo(8, 0);
    expect(result.seek?.currentTime).toBeGreaterThan(9);
  });

  it('dash.js plays the DASH manifest past 5 s', async () => {
    expectPlayedTheWholeLadder(await play('dash.js', 'dash/manifest.mpd'));
  });

  it('Shaka plays the HLS playlist past 5 s', async () => {
    expectPlayedTheWholeLadder(await play('shaka', 'hls/index.m3u8'));
  });

  it('Shaka plays the DASH manifest past 5 s and keeps playing after a seek', async () => {
    const result = await play('shaka', 'dash/manifest.mpd', { seekTo: 8 });
    expectPlayedTheWholeLadder(result);
    expect(result.seek).toMatchObject({ to: 8, seeked: true });
    expect(result.seek?.seekedAt).toBeCloseTo(8, 0);
    expect(result.seek?.currentTime).toBeGreaterThan(9);
  });
});

describe('playInBrowser detects streams that do not play', () => {
  // Manifests and init segments are served, every media segment 404s: a harness that passed
  // here would pass anything.
  it.each([
    ['hls.js', 'hls-404/index.m3u8'],
    ['dash.js', 'dash-404/manifest.mpd'],
    ['shaka', 'hls-404/index.m3u8'],
    ['shaka', 'dash-404/manifest.mpd'],
  ] as const)('%s reports errors and stays below 5 s on %s', async (player, stream) => {
    const result = await play(player, stream, { timeoutMs: 5_000 });
    expect(result.reached).toBe(false);
    expect(result.currentTime).toBeLessThan(5);
    expect(result.errors.length).toBeGreaterThan(0);
  });
});
