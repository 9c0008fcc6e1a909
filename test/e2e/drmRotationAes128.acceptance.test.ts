// Key rotation by key period, HLS AES-128 whole-segment encryption and the Shaka Packager backend of `ott package`:
// decrypted by independent tools (ffmpeg; `ott decrypt` with two keys, since ffmpeg takes one key) to the clear
// frames, and played in headless Chromium (Shaka across a key period boundary, hls.js with AES-128).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { playInBrowser } from '../browser/playInBrowser.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { generateTestSource } from '../support/media.js';
import { catRendition, run } from './processes.js';
import { runCli } from './runCli.js';

const K1 = { kid: '11111111111111111111111111111111', key: '0123456789abcdef0123456789abcdef' };
const K2 = { kid: '22222222222222222222222222222222', key: 'fedcba9876543210fedcba9876543210' };
const RENDITIONS = ['video_180p', 'audio_aac'] as const;

let work: string;
let source: string;
let browser: Browser | undefined;
let server: StaticServer;

/** framemd5 hashes of the decoded frames of one input (a file/URL, or bytes through a pipe). */
async function frameHashes(input: Uint8Array | string, extra: readonly string[] = [], map = '0'): Promise<string[]> {
  const piped = typeof input !== 'string';
  const out = await run('ffmpeg', ['-v', 'error', ...extra, '-i', piped ? 'pipe:0' : input, '-map', map, '-f', 'framemd5', '-'], piped ? input : undefined);
  return out.toString().split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(',').pop()?.trim() ?? '');
}

const clearFrames = async (rendition: string): Promise<string[]> => frameHashes(await catRendition(join(work, 'clear', rendition)));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-drm-rot-'));
  source = await generateTestSource(work, { seconds: 6, width: 320, height: 180, fps: 30 });
  const common = [source, '--segment-duration', '2'];
  const periods = ['--key-period', `${K1.kid}:${K1.key}@0`, '--key-period', `${K2.kid}:${K2.key}@2`];
  const runs = [
    runCli(['package', ...common, '-o', join(work, 'clear')]),
    runCli(['package', ...common, '-o', join(work, 'rot-cenc'), '--encrypt', 'cenc', ...periods]),
    runCli(['package', ...common, '-o', join(work, 'rot-cbcs'), '--encrypt', 'cbcs', ...periods, '--drm', 'widevine,clearkey']),
    runCli(['package', ...common, '-o', join(work, 'aes'), '--encrypt', 'aes-128', '--key-id', K1.kid, '--key', K1.key]),
  ];
  for (const result of await Promise.all(runs)) expect(result.code, result.stderr).toBe(0);
  server = await startStaticServer(work);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('key rotation by key period (--key-period)', () => {
  for (const scheme of ['cenc', 'cbcs'] as const) {
    for (const rendition of RENDITIONS) {
      it(`ott decrypt with both keys restores ${scheme} ${rendition} across the period boundary; the first key alone does not`, async () => {
        const dir = join(work, `rot-${scheme}`, rendition);
        const segments = (await readdir(dir)).filter((f) => f.endsWith('.m4s')).sort().map((f) => join(dir, f));
        const out = join(work, `rot-${scheme}-${rendition}.mp4`);
        const result = await runCli(['decrypt', join(dir, 'init.mp4'), ...segments, '-o', out, '--key', `${K1.kid}:${K1.key}`, '--key', `${K2.kid}:${K2.key}`]);
        expect(result.code, result.stderr).toBe(0);
        const clear = await clearFrames(rendition);
        expect(clear.length).toBeGreaterThan(10);
        expect(await frameHashes(out)).toEqual(clear);
        const oneKey = await runCli(['decrypt', join(dir, 'init.mp4'), ...segments, '-o', join(work, 'x.mp4'), '--key', `${K1.kid}:${K1.key}`]);
        expect(oneKey.code).toBe(1);
        expect(oneKey.stderr).toMatch(new RegExp(`DRM_KEY_NOT_FOUND.*${K2.kid}`));
      }, 60_000);
    }
  }

  it('signals the rotation: default_KID of the first period in DASH, EXT-X-KEY again before the second period in HLS', async () => {
    const mpd = await readFile(join(work, 'rot-cbcs', 'manifest.mpd'), 'utf8');
    expect(mpd).toContain('cenc:default_KID="11111111-1111-1111-1111-111111111111"');
    const playlist = (await readFile(join(work, 'rot-cbcs', 'video_180p', 'playlist.m3u8'), 'utf8')).split('\n');
    const clearKeyTags = playlist.map((l, i) => [l, i] as const).filter(([l]) => l.includes('KEYFORMAT="org.w3.clearkey"'));
    expect(clearKeyTags.map(([l]) => l.match(/base64,([^"]+)/)?.[1])).toEqual([K1.kid, K2.kid].map((k) => Buffer.from(k, 'hex').toString('base64')));
    expect(playlist.slice(clearKeyTags[1]?.[1]).find((l) => l.endsWith('.m4s'))).toBe('seg-00002.m4s');
  });

  it('Shaka Player in Chromium plays the cbcs DASH output across the key period boundary with both ClearKey keys', async () => {
    browser ??= await launchChromium();
    const result = await playInBrowser(browser, { player: 'shaka', src: `${server.url}/rot-cbcs/manifest.mpd`, untilSeconds: 3, drm: { ...K1, more: [K2] } });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
  }, 60_000);
});

describe('HLS AES-128 whole-segment encryption (--encrypt aes-128)', () => {
  it('writes key.bin beside each media playlist, EXT-X-KEY METHOD=AES-128 after EXT-X-MAP, and no MPD (with a warning)', async () => {
    for (const rendition of RENDITIONS) {
      expect((await readFile(join(work, 'aes', rendition, 'key.bin'))).toString('hex')).toBe(K1.key);
      const playlist = (await readFile(join(work, 'aes', rendition, 'playlist.m3u8'), 'utf8')).split('\n');
      expect(playlist[playlist.findIndex((l) => l.startsWith('#EXT-X-MAP')) + 1]).toBe('#EXT-X-KEY:METHOD=AES-128,URI="key.bin"');
    }
    expect(existsSync(join(work, 'aes', 'manifest.mpd'))).toBe(false);
    const again = await runCli(['package', source, '--segment-duration', '2', '-o', join(work, 'aes2'), '--encrypt', 'aes-128', '--key-id', K1.kid, '--key', K1.key]);
    expect(again.stderr).toContain('PACKAGE_DASH_UNSUPPORTED_PROTECTION');
    expect(again.stderr).not.toContain(K1.key);
  }, 60_000);

  it('ffmpeg decodes the AES-128 HLS (key file read through its relative URI) to the clear frames', async () => {
    const clear = await frameHashes(join(work, 'clear', 'master.m3u8'));
    expect(clear.length).toBeGreaterThan(10);
    expect(await frameHashes(join(work, 'aes', 'master.m3u8'), ['-allowed_extensions', 'ALL'])).toEqual(clear);
  }, 60_000);

  it('hls.js in Chromium plays the AES-128 HLS output', async () => {
    browser ??= await launchChromium();
    const result = await playInBrowser(browser, { player: 'hls.js', src: `${server.url}/aes/master.m3u8`, untilSeconds: 3 });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
  }, 60_000);
});

describe('Shaka Packager backend (ott package --backend shaka-packager)', () => {
  it('writes the ott layout with Shaka Packager, and ffmpeg decrypts its cbcs video to the clear frames', async () => {
    const out = join(work, 'shaka-cbcs');
    const result = await runCli(['package', source, '--segment-duration', '2', '-o', out, '--encrypt', 'cbcs', '--key-id', K1.kid, '--key', K1.key, '--backend', 'shaka-packager', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(K1.key);
    for (const file of ['master.m3u8', 'manifest.mpd', 'video_180p/init.mp4', 'video_180p/seg-00001.m4s', 'video_180p/playlist.m3u8', 'audio_aac/init.mp4']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const mpd = await readFile(join(out, 'manifest.mpd'), 'utf8');
    expect(mpd).toContain('type="static"');
    expect(mpd).toContain('value="cbcs"');
    expect(result.stdout).toMatch(/"type":"manifest".*"path":"manifest.mpd"/);
    const decrypted = await frameHashes(await catRendition(join(out, 'video_180p')), ['-decryption_key', K1.key]);
    expect(decrypted).toEqual(await clearFrames('video_180p'));
  }, 60_000);

  it('refuses options Shaka Packager cannot take here, before running anything', async () => {
    const result = await runCli(['package', source, '-o', join(work, 'x'), '--encrypt', 'cenc', '--key-period', `${K1.kid}:${K1.key}@0`, '--backend', 'shaka-packager']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--backend shaka-packager needs/);
  });
});
