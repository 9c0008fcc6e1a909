// `ott live --whip`: headless Chromium publishes its fake camera and microphone over WHIP (werift on our side) to the
// built command, which encodes a live ladder that hls.js (LL-HLS on), dash.js and Shaka Player play in another page.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, WEBRTC_FAKE_MEDIA_ARGS } from '../browser/chromium.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { publishFromPage, startWhipPublisherPage } from '../support/whipPublisher.js';
import { playLiveWithAllPlayers, startLiveCli } from './liveCli.js';

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
    await playLiveWithAllPlayers(browser, live, 'webcam', players.url);
    expect(await publisher.evaluate(() => (window as unknown as { unpublish(): Promise<number> }).unpublish())).toBe(200);
    await live.waitForEvent((e) => e['type'] === 'publisher' && e['action'] === 'disconnect' && e['streamKey'] === 'webcam');
  } finally {
    await publisher.close();
    await pages.close();
    expect(await live.stop()).toBe(0);
  }
  expect(await readFile(join(work, 'out', 'webcam', 'video_240p', 'playlist.m3u8'), 'utf8')).toMatch(/#EXT-X-ENDLIST/);
});
