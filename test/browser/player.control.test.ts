import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type * as OttPlayerModule from '@ott/player';
import type { Player } from '@ott/player';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestSource } from '../support/media.js';
import { launchChromium } from './chromium.js';
import { playInBrowser } from './playInBrowser.js';
import { TEST_KEY, TEST_KID, ottVod, shakaStreams } from './playerFixtures.js';
import { startStaticServer } from './staticServer.js';
import type { StaticServer } from './staticServer.js';

// Control and robustness of @ott/player on real pages: pinning, destroy/reload, broken segments, throttling.
let tmp = '';
let browser: Browser | undefined;
let server: StaticServer | undefined;

/** Copies an ott vod folder and lets `damage` change segment 2 of every video rendition. */
async function damagedCopy(from: string, to: string, damage: (file: string) => Promise<void>): Promise<void> {
  await cp(from, to, { recursive: true });
  for (const dir of await readdir(to)) {
    if (dir.startsWith('video_')) await damage(path.join(to, dir, 'seg-00002.m4s'));
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-player-control-'));
  const [short, long, launched] = await Promise.all([
    generateTestSource(tmp, { seconds: 12, width: 640, height: 360, fps: 30 }),
    generateTestSource(tmp, { seconds: 40, width: 640, height: 360, fps: 24 }),
    launchChromium(),
  ]);
  browser = launched;
  await Promise.all([
    ottVod(short, path.join(tmp, 'vod')),
    ottVod(long, path.join(tmp, 'ladder'), '360p@900k,180p@150k,audio@64k', 2),
    shakaStreams(short, tmp, 'cenc', 'cenc'),
  ]);
  await damagedCopy(path.join(tmp, 'vod'), path.join(tmp, 'vod-404'), (file) => rm(file));
  await damagedCopy(path.join(tmp, 'vod'), path.join(tmp, 'vod-corrupt'), (file) => writeFile(file, Buffer.alloc(50_000, 0x5a)));
  server = await startStaticServer(tmp);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Opens the ott test page on `stream` with createPlayer options; the page records events in window.__ottEvents. */
async function open(stream: string, options: object = {}): Promise<Page> {
  if (!browser || !server) throw new Error('beforeAll did not finish');
  const page = await browser.newPage();
  const url = new URL(`${server.url}/_players/ott.html`);
  url.searchParams.set('src', `${server.url}/${stream}`);
  url.searchParams.set('ott', JSON.stringify(options));
  await page.goto(url.href);
  return page;
}

type Win = { __ottPlayer: Player; __ottEvents: { type: string; payload: Record<string, unknown> }[]; __ott: { errors: string[] } };

describe('@ott/player control', () => {
  it('pins a quality, shows it within a segment, and returns to auto', async () => {
    const page = await open('vod/master.m3u8', { startLevel: 1 });
    try {
      await page.waitForFunction(() => document.querySelector('video')!.videoHeight === 360 && document.querySelector('video')!.currentTime > 0.5);
      await page.evaluate(() => (window as unknown as Win).__ottPlayer.setQuality(0));
      await page.waitForFunction(() => document.querySelector('video')!.videoHeight === 180 && (window as unknown as Win).__ottPlayer.getQoe().level === 0, undefined, { timeout: 15_000 });
      const state = await page.evaluate(() => ({ quality: (window as unknown as Win).__ottPlayer.getQuality(), qoe: (window as unknown as Win).__ottPlayer.getQoe(), switches: (window as unknown as Win).__ottEvents.filter((e) => e.type === 'levelSwitch'), errors: (window as unknown as Win).__ott.errors }));
      expect(state.errors).toEqual([]);
      expect(state.quality).toBe(0);
      expect(state.qoe.level).toBe(0);
      expect(state.switches).toContainEqual(expect.objectContaining({ payload: expect.objectContaining({ from: 1, to: 0, auto: false }) }));
      await page.evaluate(() => (window as unknown as Win).__ottPlayer.setQuality('auto'));
      expect(await page.evaluate(() => (window as unknown as Win).__ottPlayer.getQuality())).toBe('auto');
    } finally {
      await page.close();
    }
  });

  it('destroy() releases SourceBuffers, MediaSource and MediaKeys, and a new player plays on the same element', async () => {
    if (!browser || !server) throw new Error('beforeAll did not finish');
    const page = await browser.newPage();
    // Record every MediaSource the page creates, to check that destroy() empties them.
    await page.addInitScript(() => {
      const created: MediaSource[] = [];
      (window as unknown as { __mediaSources: MediaSource[] }).__mediaSources = created;
      const Original = window.MediaSource;
      window.MediaSource = class extends Original {
        constructor() {
          super();
          created.push(this);
        }
      };
    });
    try {
      const url = new URL(`${server.url}/_players/ott.html`);
      url.searchParams.set('src', `${server.url}/cenc/manifest.mpd`);
      url.searchParams.set('ott', JSON.stringify({ drm: { clearKeys: { [TEST_KID]: TEST_KEY } } }));
      await page.goto(url.href);
      for (let round = 0; round < 2; round++) {
        await page.waitForFunction(() => document.querySelector('video')!.currentTime > 1 && document.querySelector('video')!.mediaKeys !== null, undefined, { timeout: 15_000 });
        const after = await page.evaluate(async ({ kid, key }) => {
          const video = document.querySelector('video')!;
          await (window as unknown as Win).__ottPlayer.destroy();
          const sources = (window as unknown as { __mediaSources: MediaSource[] }).__mediaSources;
          const released = { mediaKeys: video.mediaKeys, src: video.getAttribute('src'), sourceBuffers: sources.map((m) => m.sourceBuffers.length), readyStates: sources.map((m) => m.readyState) };
          const OttPlayer = (window as unknown as { OttPlayer: typeof OttPlayerModule }).OttPlayer;
          (window as unknown as Win).__ottPlayer = OttPlayer.createPlayer(video, { src: new URLSearchParams(location.search).get('src') ?? '', drm: { clearKeys: { [kid]: key } } });
          return released;
        }, { kid: TEST_KID, key: TEST_KEY });
        expect(after.mediaKeys).toBeNull();
        expect(after.src).toBeNull();
        expect(after.sourceBuffers.every((n) => n === 0)).toBe(true);
        expect(after.readyStates.every((s) => s === 'closed')).toBe(true);
      }
      await page.waitForFunction(() => document.querySelector('video')!.currentTime > 1, undefined, { timeout: 15_000 });
      expect(await page.evaluate(() => (window as unknown as Win).__ott.errors)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a 404 media segment ends in a typed fatal SEGMENT_LOAD_FAILED error, not a silent stall', async () => {
    if (!browser || !server) throw new Error('beforeAll did not finish');
    const result = await playInBrowser(browser, { player: 'ott', src: `${server.url}/vod-404/master.m3u8`, untilSeconds: 10, timeoutMs: 25_000 });
    expect(result.timedOut).toBe(false);
    expect(result.errors.join('\n')).toMatch(/SEGMENT_LOAD_FAILED.*fatal.*HTTP 404|SEGMENT_LOAD_FAILED.*fatal/);
  });

  it('a corrupt media segment is skipped with a SEGMENT_CORRUPT warning and playback jumps the hole', async () => {
    if (!browser || !server) throw new Error('beforeAll did not finish');
    const result = await playInBrowser(browser, { player: 'ott', src: `${server.url}/vod-corrupt/manifest.mpd`, untilSeconds: 9, timeoutMs: 25_000 });
    expect(result.errors).toEqual([]);
    expect(result.warnings.join('\n')).toMatch(/SEGMENT_CORRUPT/);
    expect(result.reached).toBe(true);
  });

  it('under CDP throttling switches down, and back up once the network recovers', async () => {
    if (!browser) throw new Error('beforeAll did not finish');
    const page = await open('ladder/master.m3u8', { bufferTarget: 6, startLevel: 1 });
    const cdp = await page.context().newCDPSession(page);
    const throttle = (kbps: number): Promise<unknown> =>
      cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: (kbps * 1000) / 8, uploadThroughput: -1 });
    try {
      await cdp.send('Network.enable');
      await throttle(8000);
      await page.waitForFunction(() => document.querySelector('video')!.videoHeight === 360 && document.querySelector('video')!.currentTime > 1, undefined, { timeout: 20_000 });
      await throttle(250);
      const down = await page.waitForFunction(() => (window as unknown as Win).__ottEvents.some((e) => e.type === 'levelSwitch' && e.payload['to'] === 0), undefined, { timeout: 30_000, polling: 200 });
      expect(await down.jsonValue()).toBe(true);
      const marker = await page.evaluate(() => (window as unknown as Win).__ottEvents.length);
      await throttle(8000);
      await page.waitForFunction((from) => (window as unknown as Win).__ottEvents.slice(from).some((e) => e.type === 'levelSwitch' && e.payload['to'] === 1), marker, { timeout: 30_000, polling: 200 });
      const qoe = await page.evaluate(() => (window as unknown as Win).__ottPlayer.getQoe());
      expect(qoe.switches).toBeGreaterThanOrEqual(2);
      expect(await page.evaluate(() => (window as unknown as Win).__ott.errors)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
