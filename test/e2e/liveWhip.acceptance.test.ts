// `ott live --whip`: headless Chromium publishes its fake camera and microphone over WHIP (werift on our side) to the
// built command, which encodes a live ladder that hls.js (LL-HLS on), dash.js and Shaka Player play in another page.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, WEBRTC_FAKE_MEDIA_ARGS } from '../browser/chromium.js';
import { playInBrowser } from '../browser/playInBrowser.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { publishFromPage, startWhipPublisherPage } from '../support/whipPublisher.js';
import { startLiveCli } from './liveCli.js';

let work: string;
let browser: Browser;
let players: StaticServer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-live-whip-'));
  browser = await launchChromium(WEBRTC_FAKE_MEDIA_ARGS);
  players = await startStaticServer(work);
});

afterAll(async () => {
  await browser?.close();
  await players?.close();
  await rm(work, { recursive: true, force: true });
});

it('a browser publishing over WHIP becomes a live ladder that hls.js (LL), dash.js and Shaka play; DELETE ends it as VOD', async () => {
  const live = await startLiveCli(['--whip', '0', '-o', join(work, 'out'), '--ll', '--ladder', '240p@400k,120p@100k,audio@64k', '--preset', 'ultrafast', '--grace', '2']);
  const pages = await startWhipPublisherPage();
  const publisher = await browser.newPage();
  try {
    await publisher.goto(pages.url);
    expect(await publishFromPage(publisher, `${live.endpoint}/webcam`, 'H264')).toMatchObject({ status: 201 });
    await live.waitForEvent((e) => e['streamKey'] === 'webcam' && e['type'] === 'manifest' && e['path'] === 'master.m3u8');
    const base = `${live.origin}webcam/`;
    const common = { playerOrigin: players.url, advanceSeconds: 4, timeoutMs: 60_000 };
    const results = await Promise.all([
      playInBrowser(browser, { ...common, player: 'hls.js', src: `${base}master.m3u8` }),
      playInBrowser(browser, { ...common, player: 'dash.js', src: `${base}manifest.mpd` }),
      playInBrowser(browser, { ...common, player: 'shaka', src: `${base}manifest.mpd` }),
    ]);
    for (const result of results) {
      expect(result.errors, result.player).toEqual([]);
      expect(result.reached, result.player).toBe(true);
      expect(result.levels, result.player).toBe(2);
    }
    expect(await publisher.evaluate(() => (window as unknown as { unpublish(): Promise<number> }).unpublish())).toBe(200);
    await live.waitForEvent((e) => e['type'] === 'publisher' && e['action'] === 'disconnect' && e['streamKey'] === 'webcam');
  } finally {
    await publisher.close();
    await pages.close();
    expect(await live.stop()).toBe(0);
  }
  expect(await readFile(join(work, 'out', 'webcam', 'video_240p', 'playlist.m3u8'), 'utf8')).toMatch(/#EXT-X-ENDLIST/);
});
