// Token-protected playback through @ott/origin: the players get only the master URL with ?token=; every later
// request (media playlists, init and media segments) must carry the token because the origin rewrote the manifests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPlaybackToken, startOrigin, type RunningOrigin } from '@ott/origin';
import { generateTestSource } from '../support/media.js';
import { launchChromium } from './chromium.js';
import { playInBrowser } from './playInBrowser.js';
import { ottVod } from './playerFixtures.js';
import { startStaticServer, type StaticServer } from './staticServer.js';

const SECRET = 'browser-test-playback-secret-32-bytes!!';
let tmp = '';
let browser: Browser | undefined;
let players: StaticServer | undefined;
let origin: RunningOrigin | undefined;
const served: { path: string; status: number }[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-origin-tokens-'));
  const [source, launched] = await Promise.all([generateTestSource(tmp, { seconds: 8, width: 320, height: 180, fps: 25 }), launchChromium()]);
  browser = launched;
  await ottVod(source, path.join(tmp, 'root', 'movie'), '180p@200k,audio@64k', 2);
  players = await startStaticServer(tmp);
  origin = await startOrigin({ root: path.join(tmp, 'root'), access: { jwt: { secret: SECRET, algorithms: ['HS256'], audience: 'browser-test' } } });
  origin.server.on('request', (req, res) => res.once('finish', () => served.push({ path: req.url ?? '', status: res.statusCode })));
});

afterAll(async () => {
  await browser?.close();
  await players?.close();
  await origin?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const token = (): Promise<string> => signPlaybackToken({ algorithm: 'HS256', secret: SECRET, stream: 'movie', audience: 'browser-test', expiresInSeconds: 300 });

describe('token-protected playback in Chromium', () => {
  it.each([['hls.js', 'master.m3u8'], ['dash.js', 'manifest.mpd']] as const)('%s plays %s given only the first URL with ?token=', async (player, manifest) => {
    if (!browser || !players || !origin) throw new Error('beforeAll did not finish');
    served.length = 0;
    const result = await playInBrowser(browser, { player, src: `${origin.url}movie/${manifest}?token=${await token()}`, playerOrigin: players.url, untilSeconds: 3, timeoutMs: 30_000 });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
    const segments = served.filter((hit) => /\.(m4s|mp4)\?/.test(hit.path));
    expect(segments.length).toBeGreaterThan(2);
    expect(served.every((hit) => hit.status === 200 || hit.status === 206)).toBe(true);
    expect(served.every((hit) => hit.path.includes('token='))).toBe(true);
  });

  it('hls.js fails at once without a token (401 token_missing)', async () => {
    if (!browser || !players || !origin) throw new Error('beforeAll did not finish');
    served.length = 0;
    const result = await playInBrowser(browser, { player: 'hls.js', src: `${origin.url}movie/master.m3u8`, playerOrigin: players.url, untilSeconds: 3, timeoutMs: 15_000 });
    expect(result.reached).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(served.map((hit) => hit.status)).toContain(401);
  });
});
