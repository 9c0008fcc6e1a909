import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestSource } from '../support/media.js';
import { launchChromium } from './chromium.js';
import { playInBrowser } from './playInBrowser.js';
import type { PlayResult } from './playInBrowser.js';
import { ffmpegStreams, ottVod, shakaStreams } from './playerFixtures.js';
import { startStaticServer } from './staticServer.js';
import type { StaticServer } from './staticServer.js';

// @ott/player (the IIFE build, window.OttPlayer) on clear streams made by three different tools.
let tmp = '';
let browser: Browser | undefined;
let server: StaticServer | undefined;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-player-playback-'));
  const [source, launched] = await Promise.all([generateTestSource(tmp, { seconds: 12, width: 640, height: 360, fps: 30 }), launchChromium()]);
  browser = launched;
  await Promise.all([
    ottVod(source, path.join(tmp, 'ott')),
    ffmpegStreams(source, tmp),
    shakaStreams(source, tmp, 'shaka'),
    shakaStreams(source, tmp, 'shaka-ondemand', undefined, true),
  ]);
  server = await startStaticServer(tmp);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function play(stream: string, extra: { seekTo?: number; untilSeconds?: number; timeoutMs?: number } = {}): Promise<PlayResult> {
  if (!browser || !server) throw new Error('beforeAll did not finish');
  return playInBrowser(browser, { player: 'ott', src: `${server.url}/${stream}`, untilSeconds: 3, timeoutMs: 20_000, ...extra });
}

function expectPlayed(result: PlayResult, levels: number): void {
  expect(result.errors).toEqual([]);
  expect(result.reached).toBe(true);
  expect(result.levels).toBe(levels);
  expect(result.videoWidth).toBeGreaterThan(0);
  expect(result.duration).toBeCloseTo(12, 0);
}

describe('@ott/player plays CMAF streams from several packagers', () => {
  it('plays ott vod HLS (multivariant, separate audio) and keeps playing after a seek', async () => {
    const result = await play('ott/master.m3u8', { untilSeconds: 5, seekTo: 8 });
    expectPlayed(result, 2);
    expect(result.seek).toMatchObject({ to: 8, seeked: true });
    expect(result.seek?.seekedAt).toBeCloseTo(8, 0);
    expect(result.seek?.currentTime).toBeGreaterThan(9);
  });

  it('plays ott vod DASH (SegmentTimeline) and keeps playing after a seek', async () => {
    const result = await play('ott/manifest.mpd', { untilSeconds: 5, seekTo: 8 });
    expectPlayed(result, 2);
    expect(result.seek?.currentTime).toBeGreaterThan(9);
  });

  it.each([
    ['ffmpeg fMP4 HLS (lone media playlist, muxed A/V)', 'ff-hls/index.m3u8'],
    ['ffmpeg DASH', 'ff-dash/manifest.mpd'],
    ['Shaka Packager HLS', 'shaka/master.m3u8'],
    ['Shaka Packager DASH (SegmentTemplate $Number$)', 'shaka/manifest.mpd'],
    ['Shaka Packager on-demand DASH (SegmentBase + sidx)', 'shaka-ondemand/manifest.mpd'],
  ])('plays %s', async (_name, stream) => {
    expectPlayed(await play(stream), 1);
  });

  it('refuses MPEG-TS segments with a typed fatal UNSUPPORTED_CONTAINER error', async () => {
    const result = await play('ff-ts/index.m3u8', { timeoutMs: 8_000 });
    expect(result.reached).toBe(false);
    expect(result.timedOut).toBe(false);
    expect(result.errors.join('\n')).toMatch(/UNSUPPORTED_CONTAINER.*fatal.*MPEG-TS/);
  });
});
