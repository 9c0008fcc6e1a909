import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestSource } from '../support/media.js';
import { launchChromium } from './chromium.js';
import { playInBrowser } from './playInBrowser.js';
import { TEST_KEY, TEST_KID, shakaStreams } from './playerFixtures.js';
import { startStaticServer } from './staticServer.js';
import type { StaticServer } from './staticServer.js';

// ClearKey EME with Shaka Packager's raw-key encryption: keys given inline as drm.clearKeys, KIDs read from tenc.
let tmp = '';
let browser: Browser | undefined;
let server: StaticServer | undefined;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-player-drm-'));
  const [source, launched] = await Promise.all([generateTestSource(tmp, { seconds: 8, width: 320, height: 180, fps: 30 }), launchChromium()]);
  browser = launched;
  await Promise.all([shakaStreams(source, tmp, 'cenc', 'cenc'), shakaStreams(source, tmp, 'cbcs', 'cbcs')]);
  server = await startStaticServer(tmp);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const clearKeys = JSON.stringify({ drm: { clearKeys: { [TEST_KID]: TEST_KEY } } });

describe('@ott/player decrypts ClearKey streams', () => {
  it.each(['cenc/manifest.mpd', 'cenc/master.m3u8', 'cbcs/manifest.mpd', 'cbcs/master.m3u8'])('plays %s with drm.clearKeys', async (stream) => {
    if (!browser || !server) throw new Error('beforeAll did not finish');
    const result = await playInBrowser(browser, { player: 'ott', src: `${server.url}/${stream}`, untilSeconds: 2, timeoutMs: 20_000, pageParams: { ott: clearKeys } });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
    expect(result.videoWidth).toBe(320);
  });

  it('reports a fatal DRM_FAILED error when an encrypted stream has no keys configured', async () => {
    if (!browser || !server) throw new Error('beforeAll did not finish');
    const result = await playInBrowser(browser, { player: 'ott', src: `${server.url}/cenc/manifest.mpd`, untilSeconds: 2, timeoutMs: 10_000 });
    expect(result.reached).toBe(false);
    expect(result.errors.join('\n')).toMatch(/DRM_FAILED/);
  });
});
