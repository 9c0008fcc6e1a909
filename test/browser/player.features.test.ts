import { readFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromCmcdHeaders, fromCmcdQuery } from '@svta/cml-cmcd';
import type { Browser, Page } from 'playwright-core';
import type { Player } from '@ott/player';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestSource } from '../support/media.js';
import { launchChromium } from './chromium.js';
import { playInBrowser } from './playInBrowser.js';
import { CUES, aes128Streams, dashWithText, tracksHls, twoPeriodDash } from './playerFeatureFixtures.js';
import { ottVod } from './playerFixtures.js';
import { startStaticServer } from './staticServer.js';
import type { StaticServer } from './staticServer.js';

// @ott/player features on real pages (the IIFE build, window.OttPlayer): HLS AES-128, DASH multi-period, audio and
// text track selection, CMCD (query and headers) and the QoE beacon.
let tmp = '';
let browser: Browser | undefined;
let server: StaticServer | undefined;
/** Every request the server saw: method, path with query, headers. */
const seen: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
/** Beacon bodies POSTed to /beacon, parsed. */
const beacons: Record<string, unknown>[] = [];
const VOD_SECONDS = 6;
/** Each Period of the two-period MPDs (the same 4 s source twice: both periods' media start at time 0). */
const PERIOD_SECONDS = 4;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-player-features-'));
  const [source, short, launched] = await Promise.all([
    generateTestSource(tmp, { seconds: VOD_SECONDS, width: 320, height: 180, fps: 30 }),
    generateTestSource(tmp, { seconds: PERIOD_SECONDS, width: 320, height: 180, fps: 30 }),
    launchChromium(),
  ]);
  browser = launched;
  await Promise.all([
    ottVod(source, path.join(tmp, 'vod'), '360p@500k,180p@200k,audio@64k', 2).then(() => dashWithText(path.join(tmp, 'vod'), tmp)),
    aes128Streams(source, tmp),
    twoPeriodDash([short, short], [PERIOD_SECONDS, PERIOD_SECONDS], tmp),
    tracksHls(source, VOD_SECONDS, tmp),
  ]);
  server = await startStaticServer(tmp, {
    onRequest: (req) => seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }),
    extraRoutes: {
      '/beacon': (req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (body += chunk));
        req.on('end', () => {
          const player = new URL(req.url ?? '/', 'http://x').searchParams.get('player');
          beacons.push({ ...(JSON.parse(body) as Record<string, unknown>), player });
          res.writeHead(204, { 'Access-Control-Allow-Origin': '*' });
          res.end();
        });
      },
    },
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

type Win = { __ottPlayer: Player; __ottEvents: { type: string; payload: Record<string, unknown> }[]; __ott: { errors: string[]; warnings: string[] } };

function setup(): { browser: Browser; server: StaticServer } {
  if (!browser || !server) throw new Error('beforeAll did not finish');
  return { browser, server };
}

/** Opens the ott test page on `stream` with createPlayer options (events recorded in window.__ottEvents). */
async function open(stream: string, options: object = {}): Promise<Page> {
  const { browser: b, server: s } = setup();
  const page = await b.newPage();
  const url = new URL(`${s.url}/_players/ott.html`);
  url.searchParams.set('src', `${s.url}/${stream}`);
  url.searchParams.set('ott', JSON.stringify(options));
  await page.goto(url.href);
  return page;
}

const errorsOf = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as Win).__ott.errors);
const playedPast = (page: Page, seconds: number, timeout = 15_000): Promise<unknown> =>
  page.waitForFunction((t) => document.querySelector('video')!.currentTime > t || (window as unknown as Win).__ott.errors.length > 0, seconds, { timeout, polling: 100 });

describe('HLS AES-128 (EXT-X-KEY METHOD=AES-128)', () => {
  it('plays ott vod --encrypt aes-128, decrypting every segment with the key from key.bin', async () => {
    const { browser: b, server: s } = setup();
    // The segments on disk really are ciphertext: no ISO BMFF box type at bytes 4..8.
    const segment = await readFile(path.join(tmp, 'aes/video_180p/seg-00001.m4s'));
    expect(['moof', 'styp', 'sidx', 'emsg', 'prft']).not.toContain(segment.subarray(4, 8).toString('latin1'));
    const before = seen.length;
    const result = await playInBrowser(b, { player: 'ott', src: `${s.url}/aes/master.m3u8`, untilSeconds: 3, timeoutMs: 20_000 });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
    expect(result.videoWidth).toBe(320);
    const keys = seen.slice(before).filter((r) => r.url.endsWith('/key.bin')).map((r) => r.url);
    // One key fetch per rendition (video and audio), cached for the following segments.
    expect(keys.sort()).toEqual(['/aes/audio_aac/key.bin', '/aes/video_180p/key.bin']);
  });

  it('decrypts an encrypted init segment (EXT-X-KEY with IV before EXT-X-MAP)', async () => {
    const { browser: b, server: s } = setup();
    const result = await playInBrowser(b, { player: 'ott', src: `${s.url}/aes-init/master.m3u8`, untilSeconds: 2, timeoutMs: 20_000 });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
  });

  it.each([
    ['a wrong key', 'aes-wrong-key', /DECRYPT_FAILED \(loader, fatal\)/],
    ['a missing key (HTTP 404)', 'aes-no-key', /KEY_LOAD_FAILED \(loader, fatal\).*404/],
  ])('%s ends in a typed fatal error, not a silent stall', async (_name, stream, expected) => {
    const { browser: b, server: s } = setup();
    const result = await playInBrowser(b, { player: 'ott', src: `${s.url}/${stream}/master.m3u8`, untilSeconds: 2, timeoutMs: 15_000 });
    expect(result.timedOut).toBe(false);
    expect(result.reached).toBe(false);
    expect(result.errors.join('\n')).toMatch(expected);
  });
});

describe('DASH multi-period', () => {
  it.each([
    ['each Period under its own BaseURL, to the end', 'periods-baseurl.mpd', true],
    ['one base URL, templates per Period', 'periods-shared.mpd', false],
  ])('plays across the period boundary (%s)', async (_name, stream, toEnd) => {
    const page = await open(stream);
    const total = 2 * PERIOD_SECONDS;
    try {
      if (toEnd) await page.waitForFunction(() => (window as unknown as Win).__ottEvents.some((e) => e.type === 'ended') || (window as unknown as Win).__ott.errors.length > 0, undefined, { timeout: 20_000, polling: 200 });
      else await playedPast(page, PERIOD_SECONDS + 1.5);
      const state = await page.evaluate(() => {
        const w = window as unknown as Win;
        const video = document.querySelector('video')!;
        return { errors: w.__ott.errors, levels: w.__ottPlayer.getLevels().length, audio: w.__ottPlayer.getAudioTracks().length, currentTime: video.currentTime, duration: video.duration };
      });
      expect(state.errors).toEqual([]);
      // One level and one audio track spanning both periods, not one per period.
      expect(state.levels).toBe(1);
      expect(state.audio).toBe(1);
      expect(state.duration).toBeCloseTo(total, 0);
      expect(state.currentTime).toBeGreaterThan(toEnd ? total - 0.5 : PERIOD_SECONDS + 1.5);
      const fetched = setup().server.requests;
      expect(fetched).toContain('/p2/video_180p/seg-00001.m4s');
      expect(fetched).toContain('/p2/audio_aac/seg-00001.m4s');
    } finally {
      await page.close();
    }
  });
});

describe('audio and text track selection', () => {
  it('HLS: lists the EXT-X-MEDIA audio and subtitle renditions, switches audio within a second, shows the chosen WebVTT cues', async () => {
    // The whole forward buffer is English at the switch: it must be replaced, not left to play out.
    const page = await open('tracks/master.m3u8', { bufferTarget: 4 });
    try {
      // Past the first audio segment's middle: the segment a second ahead is another one than the segment playing.
      await playedPast(page, 1.2);
      const tracks = await page.evaluate(() => ({ audio: (window as unknown as Win).__ottPlayer.getAudioTracks(), text: (window as unknown as Win).__ottPlayer.getTextTracks() }));
      expect(tracks.audio.map((t) => t.language)).toEqual(['en', 'fr']);
      expect(tracks.text).toEqual([expect.objectContaining({ index: 0, language: 'en' })]);
      const mark = seen.length;
      const switchedAt = await page.evaluate(() => {
        const t = document.querySelector('video')!.currentTime;
        (window as unknown as Win).__ottPlayer.setAudioTrack(1);
        return t;
      });
      await page.waitForFunction((t) => document.querySelector('video')!.currentTime > t, switchedAt + 1, { timeout: 10_000 });
      // By the time a second has played, French replaces what is buffered from a second after the switch on: the
      // first French segment fetched is the one playing then, and the next one follows at once (forward buffer refilled).
      const french = seen.slice(mark).map((r) => /\/tracks\/sFrench_(\d+)\.m4s/.exec(r.url)?.[1]).filter((n) => n !== undefined).map(Number);
      const durations = [...(await readFile(path.join(tmp, 'tracks/pFrench.m3u8'), 'utf8')).matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
      const startOf = (n: number): number => durations.slice(0, n).reduce((a, b) => a + b, 0);
      const first = french[0] ?? -1;
      expect(first).toBeGreaterThanOrEqual(0);
      expect(startOf(first)).toBeLessThanOrEqual(switchedAt + 1);
      expect(startOf(first + 1)).toBeGreaterThan(switchedAt + 1);
      expect(french.slice(0, 2)).toEqual([first, first + 1]);
      await page.evaluate(() => (window as unknown as Win).__ottPlayer.setTextTrack(0));
      await page.waitForFunction(() => Array.from(document.querySelector('video')!.textTracks).some((t) => t.mode === 'showing' && (t.cues?.length ?? 0) >= 3), undefined, { timeout: 10_000 });
      const cues = await page.evaluate(() => Array.from(document.querySelector('video')!.textTracks).filter((t) => t.mode === 'showing').flatMap((t) => Array.from(t.cues ?? []).map((c) => [c.startTime, c.endTime, (c as VTTCue).text])));
      expect(cues).toEqual(CUES);
      // The cue for the playhead becomes active (cue times are on the media timeline).
      await page.evaluate(() => { document.querySelector('video')!.currentTime = 3.5; });
      await page.waitForFunction(() => Array.from(document.querySelector('video')!.textTracks).some((t) => t.mode === 'showing' && Array.from(t.activeCues ?? []).some((c) => (c as VTTCue).text === 'Second cue here')), undefined, { timeout: 10_000 });
      await page.evaluate(() => (window as unknown as Win).__ottPlayer.setTextTrack(-1));
      expect(await page.evaluate(() => Array.from(document.querySelector('video')!.textTracks).map((t) => t.mode))).toEqual(['disabled']);
      expect(await errorsOf(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('DASH: a text AdaptationSet (one WebVTT file) chosen before load shows its cues', async () => {
    const page = await open('vod/text.mpd');
    try {
      // Chosen right away: the player applies it once the manifest is in.
      await page.evaluate(() => (window as unknown as Win).__ottPlayer.setTextTrack(0));
      await page.waitForFunction(() => Array.from(document.querySelector('video')!.textTracks).some((t) => t.mode === 'showing' && (t.cues?.length ?? 0) >= 3), undefined, { timeout: 10_000 });
      const state = await page.evaluate(() => ({
        tracks: (window as unknown as Win).__ottPlayer.getTextTracks(),
        showing: Array.from(document.querySelector('video')!.textTracks).filter((t) => t.mode === 'showing').map((t) => ({ language: t.language, cues: Array.from(t.cues ?? []).map((c) => (c as VTTCue).text) })),
      }));
      expect(state.tracks).toEqual([expect.objectContaining({ language: 'de' })]);
      expect(state.showing).toEqual([{ language: 'de', cues: CUES.map((c) => c[2]) }]);
      await playedPast(page, 1);
      expect(await errorsOf(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

/** CMCD of the requests seen since `from` whose path matches `pattern`, decoded from the query or the headers. */
function cmcdOf(from: number, pattern: RegExp, mode: 'query' | 'headers'): { url: string; cmcd: Record<string, unknown> }[] {
  return seen.slice(from).filter((r) => r.method === 'GET' && pattern.test(r.url.split('?')[0] ?? '')).map((r) => {
    if (mode === 'query') return { url: r.url, cmcd: fromCmcdQuery(new URL(r.url, 'http://x').searchParams) as Record<string, unknown> };
    const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => k.startsWith('cmcd-')).map(([k, v]) => [k, String(v)]));
    return { url: r.url, cmcd: fromCmcdHeaders(headers) as Record<string, unknown> };
  });
}

describe('CMCD (CTA-5004) with every request', () => {
  it('query mode (HLS): manifest, playlists, init and media segments carry their keys and one session id', async () => {
    const mark = seen.length;
    const page = await open('vod/master.m3u8', { cmcd: { mode: 'query', contentId: 'vod-1' }, startLevel: 1 });
    try {
      await playedPast(page, 2.5);
      expect(await errorsOf(page)).toEqual([]);
    } finally {
      await page.close();
    }
    const video = cmcdOf(mark, /\/vod\/video_\w+\/seg-\d+\.m4s$/, 'query');
    const audio = cmcdOf(mark, /\/vod\/audio_\w+\/seg-\d+\.m4s$/, 'query');
    const inits = cmcdOf(mark, /\/vod\/\w+\/init\.mp4$/, 'query');
    const manifests = cmcdOf(mark, /\/vod\/(master|\w+\/playlist)\.m3u8$/, 'query');
    expect(video.length).toBeGreaterThan(0);
    expect(audio.length).toBeGreaterThan(0);
    for (const { cmcd } of video) {
      expect(cmcd).toMatchObject({ ot: 'v', sf: 'h', st: 'v', cid: 'vod-1', d: 2000 });
      expect(cmcd['br']).toBeGreaterThan(0);
      expect(cmcd['tb']).toBeGreaterThanOrEqual(cmcd['br'] as number);
      expect(cmcd['mtp']).toBeGreaterThan(0);
      expect(typeof cmcd['bl']).toBe('number');
    }
    expect(video[0]?.cmcd['su']).toBe(true);
    for (const { cmcd } of audio) {
      expect(cmcd).toMatchObject({ ot: 'a', sf: 'h', st: 'v' });
      expect(cmcd['d']).toBeGreaterThan(0);
    }
    expect(audio.map(({ cmcd }) => cmcd['d'])).toContain(2005);
    expect(inits.map((r) => r.cmcd['ot'])).toEqual(inits.map(() => 'i'));
    expect(inits.length).toBeGreaterThanOrEqual(2);
    expect(manifests.map((r) => r.cmcd['ot'])).toEqual(manifests.map(() => 'm'));
    expect(manifests.length).toBeGreaterThanOrEqual(3);
    const sids = new Set([...video, ...audio, ...inits, ...manifests].map((r) => r.cmcd['sid']));
    expect(sids.size).toBe(1);
    expect([...sids][0]).toMatch(/^[\w-]{8,}$/);
  });

  it('headers mode (DASH): CMCD-Object/Request/Session headers, no query, the configured session id', async () => {
    const mark = seen.length;
    const page = await open('vod/manifest.mpd', { cmcd: { mode: 'headers', sessionId: 'session-42' } });
    try {
      await playedPast(page, 2.5);
      expect(await errorsOf(page)).toEqual([]);
    } finally {
      await page.close();
    }
    const video = cmcdOf(mark, /\/vod\/video_\w+\/seg-\d+\.m4s$/, 'headers');
    const audio = cmcdOf(mark, /\/vod\/audio_\w+\/seg-\d+\.m4s$/, 'headers');
    expect(video.length).toBeGreaterThan(0);
    expect(audio.length).toBeGreaterThan(0);
    for (const { url, cmcd } of [...video, ...audio]) {
      expect(url).not.toContain('CMCD');
      expect(cmcd).toMatchObject({ sid: 'session-42', sf: 'd', st: 'v' });
      expect(cmcd['br']).toBeGreaterThan(0);
      expect(cmcd['d']).toBeGreaterThan(0);
      expect(cmcd['mtp']).toBeGreaterThan(0);
    }
    expect(video.map(({ cmcd }) => cmcd['d'])).toContain(2000);
    expect(audio.map(({ cmcd }) => cmcd['d'])).toContain(2005);
    expect(video.every(({ cmcd }) => cmcd['ot'] === 'v')).toBe(true);
    expect(audio.every(({ cmcd }) => cmcd['ot'] === 'a')).toBe(true);
    const manifest = cmcdOf(mark, /\/vod\/manifest\.mpd$/, 'headers');
    expect(manifest.map((r) => r.cmcd)).toEqual([expect.objectContaining({ ot: 'm', sid: 'session-42' })]);
  });
});

describe('QoE beacon', () => {
  it('POSTs QoE JSON to beaconUrl at the interval, on destroy() and on pagehide', async () => {
    const { server: s } = setup();
    beacons.length = 0;
    const from = (player: string): Record<string, unknown>[] => beacons.filter((b) => b['player'] === player);
    const until = async (done: () => boolean): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    const page = await open('vod/master.m3u8', { beaconUrl: `${s.url}/beacon?player=1`, beaconIntervalMs: 500 });
    try {
      await playedPast(page, 1.5);
      await until(() => from('1').filter((b) => b['reason'] === 'interval').length >= 2);
      await page.evaluate(() => (window as unknown as Win).__ottPlayer.destroy());
      await until(() => from('1').some((b) => b['reason'] === 'destroy'));
      const sent = from('1').length;
      // A second player on the same element plays for longer than two of the first one's intervals: the destroyed
      // player sends nothing more; the second one reports when the page goes away.
      await page.evaluate((url) => {
        const w = window as unknown as Win & { OttPlayer: { createPlayer(video: HTMLVideoElement, options: object): Player } };
        w.__ottPlayer = w.OttPlayer.createPlayer(document.querySelector('video')!, { src: new URLSearchParams(location.search).get('src'), beaconUrl: url, beaconIntervalMs: 60_000 });
      }, `${s.url}/beacon?player=2`);
      await playedPast(page, 1.5);
      expect(from('1').length).toBe(sent);
      expect(await errorsOf(page)).toEqual([]);
      await page.goto('about:blank');
      await until(() => from('2').length > 0);
    } finally {
      await page.close();
    }
    const first = from('1');
    expect(first.filter((b) => b['reason'] === 'interval').length).toBeGreaterThanOrEqual(2);
    expect(first[first.length - 1]).toMatchObject({ reason: 'destroy', src: `${s.url}/vod/master.m3u8`, stalls: 0, latency: 0 });
    expect(from('2')).toEqual([expect.objectContaining({ reason: 'pagehide', src: `${s.url}/vod/master.m3u8` })]);
    for (const beacon of beacons) {
      for (const key of ['bitrate', 'latency', 'stalls', 'startupMs', 'averageBitrate', 'bufferSeconds', 'playedSeconds', 'time']) expect(typeof beacon[key]).toBe('number');
    }
    expect(first[first.length - 1]).toMatchObject({ startupMs: expect.any(Number), playedSeconds: expect.any(Number), bitrate: expect.any(Number) });
    expect(first[first.length - 1]?.['startupMs']).toBeGreaterThan(0);
    expect(first[first.length - 1]?.['playedSeconds']).toBeGreaterThan(1);
    expect(first[first.length - 1]?.['bitrate']).toBeGreaterThan(0);
  });
});
