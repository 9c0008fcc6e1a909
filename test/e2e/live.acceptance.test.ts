// `ott live --rtmp`: real ffmpeg publishers over RTMP on 127.0.0.1, the built command encoding a live ladder, its
// origin serving LL-HLS and LL-DASH, and hls.js / dash.js / Shaka Player watching in headless Chromium. Covers the
// issue's acceptance points for RTMP: two publishers at once, a refused key, a publisher that drops and comes back
// within the grace period (EXT-X-DISCONTINUITY while a player keeps watching), the RFC 8216bis LL rules on the real
// playlists, blocking reload, and the folder playing as VOD after the stream ends.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLowLatencyPlaylist } from '@ott/packager';
import { launchChromium } from '../browser/chromium.js';
import { playInBrowser } from '../browser/playInBrowser.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { startLiveCli, startPublisher } from './liveCli.js';
import type { LiveCli, Publisher } from './liveCli.js';

const LADDER = '360p@600k,180p@200k,audio@64k';
let work: string;
let browser: Browser;
let players: StaticServer; // serves /_players/ (the reference player scripts); streams come from ott's origin
let live: LiveCli;
const publishers: Publisher[] = [];
// The webhook receiver: refuses the stream key "banned", records every signed event it gets.
const hooks: { event: string; data: Record<string, unknown> }[] = [];
let receiver: Server;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-live-rtmp-'));
  browser = await launchChromium();
  players = await startStaticServer(work);
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { event: string; data: Record<string, unknown> };
      hooks.push(parsed);
      if (parsed.event === 'publish' && parsed.data['streamKey'] === 'banned') res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"reason":"banned key"}');
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  process.env['OTT_WEBHOOK_SECRET'] = 'a-webhook-secret-of-at-least-32-bytes!!';
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  live = await startLiveCli(['--rtmp', '0', '-o', join(work, 'out'), '--ll', '--ladder', LADDER, '--preset', 'ultrafast', '--grace', '20', '--allow-keys', 'cam1,cam2,banned', '--webhook-url', webhookUrl]);
});

afterAll(async () => {
  for (const publisher of publishers) await publisher.stop('SIGKILL');
  await live?.stop();
  await browser?.close();
  await players?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await rm(work, { recursive: true, force: true });
});

const publish = (key: string): Publisher => {
  const publisher = startPublisher('flv', `${live.endpoint}/${key}`);
  publishers.push(publisher);
  return publisher;
};

const masterPublished = (key: string) => (e: Record<string, unknown>) => e['streamKey'] === key && e['type'] === 'manifest' && e['path'] === 'master.m3u8';

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

describe('ott live --rtmp --ll', () => {
  it('takes two publishers at once and each becomes a live ladder that hls.js (LL), dash.js and Shaka play', async () => {
    publish('cam1');
    publish('cam2');
    await live.waitForEvent(masterPublished('cam1'));
    await live.waitForEvent(masterPublished('cam2'));
    const base = (key: string): string => `${live.origin}${key}/`;
    const master = await fetchText(`${base('cam1')}master.m3u8`);
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);

    const common = { playerOrigin: players.url, advanceSeconds: 4, timeoutMs: 60_000 };
    const results = await Promise.all([
      playInBrowser(browser, { ...common, player: 'hls.js', src: `${base('cam1')}master.m3u8` }),
      playInBrowser(browser, { ...common, player: 'dash.js', src: `${base('cam1')}manifest.mpd` }),
      playInBrowser(browser, { ...common, player: 'shaka', src: `${base('cam2')}manifest.mpd` }),
    ]);
    for (const result of results) {
      expect(result.errors, result.player).toEqual([]);
      expect(result.reached, result.player).toBe(true);
      expect(result.levels, result.player).toBe(2);
    }
  });

  it('writes LL-HLS playlists that follow RFC 8216bis §4.4.3–4.4.5 and answers a blocking reload once the part exists', async () => {
    const url = `${live.origin}cam1/video_360p/playlist.m3u8`;
    const text = await fetchText(url);
    expect(checkLowLatencyPlaylist(text, { renditionReports: 2 })).toEqual([]);
    expect(text).toMatch(/#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES/);
    const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-(\d+)\.p(\d+)\.m4s"/.exec(text);
    expect(hint).not.toBeNull();
    const [msn, part] = [Number(hint?.[1]), Number(hint?.[2])];
    // Ask for the hinted part: the origin holds the request until the packager lists that part, then answers.
    const blocked = await fetchText(`${url}?_HLS_msn=${msn}&_HLS_part=${part}`);
    expect(blocked).toContain(`URI="seg-${String(msn).padStart(5, '0')}.p${part}.m4s"`);
    expect(checkLowLatencyPlaylist(blocked, { renditionReports: 2 })).toEqual([]);
  });

  it('refuses a stream key that is not allowed, at connect time', async () => {
    const intruder = startPublisher('flv', `${live.endpoint}/intruder`, 5);
    const code = await new Promise<number | null>((resolve) => intruder.child.once('close', resolve));
    expect(code).not.toBe(0);
    await live.waitForEvent((e) => e['type'] === 'publisher' && e['action'] === 'refused' && e['streamKey'] === 'intruder');
  });

  it('asks the publish webhook: a key it refuses is rejected at connect time with its reason', async () => {
    const banned = startPublisher('flv', `${live.endpoint}/banned`, 5);
    expect(await new Promise<number | null>((resolve) => banned.child.once('close', resolve))).not.toBe(0);
    const refused = await live.waitForEvent((e) => e['type'] === 'publisher' && e['action'] === 'refused' && e['streamKey'] === 'banned');
    expect(refused['reason']).toContain('banned key');
    expect(hooks.filter((h) => h.event === 'publish').map((h) => h.data['streamKey'])).toEqual(expect.arrayContaining(['cam1', 'cam2', 'banned']));
    expect(hooks.some((h) => h.event === 'segment' && h.data['streamKey'] === 'cam1')).toBe(true);
  });

  it('continues the same playlists with EXT-X-DISCONTINUITY when a publisher drops and comes back, while a player keeps watching', async () => {
    const watching = playInBrowser(browser, { player: 'hls.js', src: `${live.origin}cam2/master.m3u8`, playerOrigin: players.url, advanceSeconds: 12, timeoutMs: 90_000 });
    await live.waitForEvent((e) => e['streamKey'] === 'cam2' && e['type'] === 'segment' && Number(e['number']) >= 8);
    const cam2 = publishers[1] as Publisher;
    await cam2.stop('SIGKILL');
    await live.waitForEvent((e) => e['type'] === 'publisher' && e['action'] === 'disconnect' && e['streamKey'] === 'cam2');
    publish('cam2');
    await live.waitForEvent((e) => e['type'] === 'publisher' && e['action'] === 'connect' && e['streamKey'] === 'cam2' && e['session'] === 2);
    const result = await watching;
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
    const playlist = await fetchText(`${live.origin}cam2/video_360p/playlist.m3u8`);
    expect(playlist).toMatch(/#EXT-X-DISCONTINUITY\n/);
  });

  it('after the publishers stop, the same folder plays as VOD from start to end', async () => {
    for (const publisher of publishers.splice(0)) await publisher.stop('SIGTERM');
    const code = await live.stop();
    expect(code).toBe(0);
    const folder = join(work, 'out', 'cam1');
    expect(hooks.find((h) => h.event === 'stream-end' && h.data['streamKey'] === 'cam1')?.data['reason']).toBe('complete');
    expect(hooks.find((h) => h.event === 'recording-ready' && h.data['streamKey'] === 'cam1')?.data['path']).toBe(folder);
    const playlist = await readFile(join(folder, 'video_360p', 'playlist.m3u8'), 'utf8');
    expect(playlist).toMatch(/#EXT-X-ENDLIST\s*$/);
    expect(playlist).not.toMatch(/#EXT-X-PART|#EXT-X-PRELOAD-HINT/);
    const mpd = await readFile(join(folder, 'manifest.mpd'), 'utf8');
    expect(mpd).toMatch(/type="static"/);
    const durations = [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
    const total = durations.reduce((a, b) => a + b, 0);
    const vod = await startStaticServer(join(work, 'out'));
    try {
      const result = await playInBrowser(browser, { player: 'hls.js', src: `${vod.url}/cam1/master.m3u8`, playerOrigin: players.url, untilSeconds: 2, seekTo: Math.max(0, total - 3), timeoutMs: 60_000 });
      expect(result.errors).toEqual([]);
      expect(result.seek?.seeked).toBe(true);
      expect(result.duration).toBeGreaterThan(total - 1);
    } finally {
      await vod.close();
    }
  });
});
