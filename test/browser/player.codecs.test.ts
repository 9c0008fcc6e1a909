// @ott/player plays `ott vod` output in VP9 (+ Opus) and AV1 (+ AAC), HLS and DASH (H.264 + AAC: player.playback.test.ts):
// it asks MSE for the codec string @ott/core wrote into the manifests. (HEVC: this Chromium has no decoder; its
// codec string is checked against mp4box.js in test/contracts/codecStrings.test.ts.)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestSource } from '../support/media.js';
import { launchChromium } from './chromium.js';
import { playInBrowser } from './playInBrowser.js';
import { ottVod } from './playerFixtures.js';
import { startStaticServer } from './staticServer.js';
import type { StaticServer } from './staticServer.js';

const LADDERS = {
  vp9: '180p@200k:vp9,audio@64k:opus',
  av1: '180p@200k:av1,audio@64k',
} as const;

let tmp = '';
let browser: Browser | undefined;
let server: StaticServer | undefined;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-player-codecs-'));
  const [source, launched] = await Promise.all([generateTestSource(tmp, { seconds: 4, width: 320, height: 180, fps: 25 }), launchChromium()]);
  browser = launched;
  await Promise.all(Object.entries(LADDERS).map(([name, ladder]) => ottVod(source, path.join(tmp, name), ladder, 2)));
  server = await startStaticServer(tmp);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('@ott/player plays ott vod output in VP9 and AV1', () => {
  for (const name of Object.keys(LADDERS) as (keyof typeof LADDERS)[]) {
    for (const manifest of ['master.m3u8', 'manifest.mpd']) {
      it(`${name} ${manifest.endsWith('.mpd') ? 'DASH' : 'HLS'}`, async () => {
        if (!browser || !server) throw new Error('beforeAll did not finish');
        const result = await playInBrowser(browser, { player: 'ott', src: `${server.url}/${name}/${manifest}`, untilSeconds: 2, timeoutMs: 30_000 });
        expect(result.errors).toEqual([]);
        expect(result.reached).toBe(true);
        expect(result.videoWidth).toBe(320);
      });
    }
  }

  it('writes the same codec strings into the HLS master playlist as the player reads from the init segments', async () => {
    const master = await readFile(path.join(tmp, 'vp9', 'master.m3u8'), 'utf8');
    expect(master).toMatch(/CODECS="vp09\.00\.\d{2}\.08,opus"/);
    const av1 = await readFile(path.join(tmp, 'av1', 'master.m3u8'), 'utf8');
    expect(av1).toMatch(/CODECS="av01\.0\.\d{2}M\.08,mp4a\.40\.2"/);
  });
});
