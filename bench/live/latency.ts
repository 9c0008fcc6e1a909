// Live latency on loopback: wall clock minus the PROGRAM-DATE-TIME of the frame on screen, in hls.js (playingDate) and
// dash.js (getCurrentLiveLatency, synchronised to the origin's UTCTiming), after a warm-up, for LL-HLS/LL-DASH
// (`ott live --ll`, 0.5 s parts) and plain HLS/DASH (2 s segments). Also: time from publish to the first playable
// playlist. One ffmpeg RTMP publisher (720p30 x264 veryfast zerolatency) → the built `ott live` → headless Chromium.
// Usage (after `npm run build`): npx tsx bench/live/latency.ts [--warmup 60] [--samples 20] [--modes ll,hls] [--part 0.5]
//   [--configs default,catchup] [--one-at-a-time]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test/browser/chromium.js';
import { PLAYER_PAGES } from '../../test/browser/playerPage.js';
import type { PlayerName } from '../../test/browser/playerPage.js';
import { startStaticServer } from '../../test/browser/staticServer.js';
import { startLiveCli, startPublisher } from '../../test/e2e/liveCli.js';

const { values } = parseArgs({
  options: {
    warmup: { type: 'string', default: '60' },
    samples: { type: 'string', default: '20' },
    modes: { type: 'string', default: 'll,hls' },
    ladder: { type: 'string', default: '720p@2500k,360p@800k,audio@96k' },
    preset: { type: 'string', default: 'superfast' },
    part: { type: 'string', default: '0.5' },
    // default: each player as shipped; catchup: the players' own live catch-up switched on (hls.js
    // maxLiveSyncPlaybackRate 1.1, dash.js liveCatchup with ±10 % playback rate), i.e. the documented low-latency setup.
    configs: { type: 'string', default: 'default' },
    // One player page at a time (each gets its own warm-up): on 2 cores, four software decoders beside the live encoder
    // starve each other, and every stall makes hls.js raise its target latency for good.
    'one-at-a-time': { type: 'boolean', default: false },
  },
});
const warmup = Number(values.warmup);
const CONFIGS: Record<string, Record<PlayerName, unknown>> = {
  default: { 'hls.js': {}, 'dash.js': {}, shaka: {}, ott: {} },
  catchup: {
    'hls.js': { maxLiveSyncPlaybackRate: 1.1 },
    'dash.js': { streaming: { liveCatchup: { enabled: true, playbackRate: { min: -0.1, max: 0.1 } } } },
    shaka: {},
    ott: {},
  },
};
const configs = (values.configs ?? 'default').split(',');
for (const c of configs) if (!(c in CONFIGS)) throw new Error(`--configs: unknown '${c}' (default, catchup)`);
const samples = Number(values.samples);

// Runs in the page: the player's own latency estimate, or -1.
const LATENCY = `(() => {
  const p = window.__ottPlayer; if (!p) return -1;
  if (p.playingDate instanceof Date) return (Date.now() - p.playingDate.getTime()) / 1000;
  if (typeof p.getCurrentLiveLatency === 'function') { const l = p.getCurrentLiveLatency(); return Number.isFinite(l) && l > 0 ? l : -1; }
  return -1;
})()`;

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
};

async function measure(browser: Browser, playersUrl: string, mode: 'll' | 'hls'): Promise<Record<string, unknown>> {
  const work = await mkdtemp(join(tmpdir(), 'ott-bench-latency-'));
  const live = await startLiveCli(['--rtmp', '0', '-o', work, '--segment-duration', '2', '--ladder', values.ladder ?? '', '--preset', values.preset ?? 'superfast', ...(mode === 'll' ? ['--ll', '--part-duration', values.part ?? '0.5'] : [])]);
  const publishedAt = Date.now();
  const rounds = values['one-at-a-time'] ? 1 + configs.length * 2 : 1;
  const publisher = startPublisher('flv', `${live.endpoint}/bench`, rounds * (warmup + samples + 5) + 60, ['-s', '1280x720', '-r', '30', '-g', '60']);
  try {
    const first = await live.waitForEvent((e) => e['type'] === 'manifest' && e['path'] === 'master.m3u8', 60_000);
    const firstPlaylistSeconds = (Date.now() - publishedAt) / 1000;
    void first;
    const players = configs.flatMap((config) => (['hls.js', 'dash.js'] as const).map((name) => ({ name, config })));
    const labelOf = (p: { name: PlayerName; config: string }): string => (p.config === 'default' ? p.name : `${p.name} ${p.config}`);
    const open = async (p: { name: PlayerName; config: string }): Promise<{ player: string; page: Page }> => {
      const page = await browser.newPage();
      const src = `${live.origin}bench/${p.name === 'hls.js' ? 'master.m3u8' : 'manifest.mpd'}`;
      const config = encodeURIComponent(JSON.stringify(CONFIGS[p.config]?.[p.name] ?? {}));
      await page.goto(`${playersUrl}/_players/${PLAYER_PAGES[p.name]}?src=${encodeURIComponent(src)}&config=${config}`);
      return { player: labelOf(p), page };
    };
    const series = new Map<string, number[]>(players.map((p) => [labelOf(p), []]));
    const sample = async (pages: readonly { player: string; page: Page }[]): Promise<void> => {
      for (let i = 0; i < samples; i += 1) {
        for (const { player, page } of pages) {
          const value = (await page.evaluate(LATENCY)) as number;
          if (value >= 0) series.get(player)?.push(value);
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      for (const { page } of pages) await page.close();
    };
    const until = async (at: number): Promise<void> => {
      while (Date.now() < at) await new Promise((r) => setTimeout(r, 500));
    };
    if (values['one-at-a-time']) {
      await until(publishedAt + warmup * 1000);
      for (const p of players) {
        const opened = await open(p);
        await until(Date.now() + warmup * 1000);
        await sample([opened]);
      }
    } else {
      const pages = await Promise.all(players.map(open));
      await until(publishedAt + warmup * 1000);
      await sample(pages);
    }
    const result: Record<string, unknown> = { mode, ...(mode === 'll' ? { part: Number(values.part) } : {}), firstPlaylistSeconds: Number(firstPlaylistSeconds.toFixed(2)) };
    for (const [player, xs] of series) {
      result[player] = xs.length ? { median: Number(quantile(xs, 0.5).toFixed(2)), p95: Number(quantile(xs, 0.95).toFixed(2)), n: xs.length } : 'no samples';
    }
    return result;
  } finally {
    await publisher.stop('SIGKILL');
    await live.stop();
    await rm(work, { recursive: true, force: true });
  }
}

const browser = await launchChromium();
const players = await startStaticServer(tmpdir());
try {
  for (const mode of (values.modes ?? 'll,hls').split(',') as ('ll' | 'hls')[]) {
    console.log(JSON.stringify(await measure(browser, players.url, mode)));
  }
} finally {
  await browser.close();
  await players.close();
}
