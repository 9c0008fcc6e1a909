// Content protection end to end: `ott package --encrypt cenc|cbcs` output is decrypted by independent tools (ffmpeg
// through a pipe, Shaka Packager's raw-key decryption) to the same frames as the clear output, round-trips through
// `ott decrypt`, and plays with W3C ClearKey in headless Chromium (Shaka Player, dash.js).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { playInBrowser } from '../browser/playInBrowser.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { generateTestSource } from '../support/media.js';
import { runCli } from './runCli.js';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = '00112233445566778899aabbccddeeff';
const WRONG_KEY = 'ffeeddccbbaa99887766554433221100';
const SHAKA_PACKAGER = resolve(import.meta.dirname, '../../node_modules/shaka-packager/bin/packager-linux-x64');
const RENDITIONS = ['video_360p', 'audio_aac'] as const;

let work: string;
let browser: Browser;
let server: StaticServer;

/** Runs a command; resolves with its stdout as bytes (rejects with stderr's tail on failure). */
function run(command: string, args: readonly string[], stdin?: Uint8Array): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(Buffer.concat(out)) : reject(new Error(`${command} exited ${code}: ${err.slice(-800)}`))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin === undefined ? undefined : Buffer.from(stdin));
  });
}

/** init + segments back to back, as `cat init.mp4 seg*.m4s` would. */
async function catRendition(dir: string): Promise<Buffer> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.m4s')).sort();
  const parts = [await readFile(join(dir, 'init.mp4')), ...(await Promise.all(files.map((f) => readFile(join(dir, f)))))];
  return Buffer.concat(parts);
}

/** ffmpeg framemd5 of decoded frames (hashes only, so container timestamps do not matter). */
async function frameHashes(input: Uint8Array | string, extra: readonly string[] = []): Promise<string[]> {
  const source = typeof input === 'string' ? input : 'pipe:0';
  const out = await run('ffmpeg', ['-v', 'error', ...extra, '-i', source, '-map', '0', '-f', 'framemd5', '-'], typeof input === 'string' ? undefined : input);
  return out.toString().split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(',').pop()?.trim() ?? '');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-drm-'));
  const source = await generateTestSource(work, { seconds: 8, width: 640, height: 360, fps: 30 });
  const common = [source, '--segment-duration', '2'];
  const runs = [
    runCli(['package', ...common, '-o', join(work, 'clear')]),
    runCli(['package', ...common, '-o', join(work, 'cenc'), '--encrypt', 'cenc', '--key-id', KID, '--key', KEY]),
    runCli(['package', ...common, '-o', join(work, 'cbcs'), '--encrypt', 'cbcs', '--key-id', KID, '--key', KEY, '--drm', 'widevine,playready,fairplay,clearkey']),
  ];
  for (const result of await Promise.all(runs)) expect(result.code, result.stderr).toBe(0);
  server = await startStaticServer(work);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('encrypted output decrypts with independent tools to the clear frames', () => {
  for (const scheme of ['cenc', 'cbcs'] as const) {
    for (const rendition of RENDITIONS) {
      it(`ffmpeg (piped) decrypts ${scheme} ${rendition} to the clear output's frames`, async () => {
        const clear = await frameHashes(await catRendition(join(work, 'clear', rendition)));
        const decrypted = await frameHashes(await catRendition(join(work, scheme, rendition)), ['-decryption_key', KEY]);
        expect(clear.length).toBeGreaterThan(10);
        expect(decrypted).toEqual(clear);
      }, 60_000);

      it(`ott decrypt restores ${scheme} ${rendition} to the clear output's frames`, async () => {
        const dir = join(work, scheme, rendition);
        const segments = (await readdir(dir)).filter((f) => f.endsWith('.m4s')).sort().map((f) => join(dir, f));
        const out = join(work, `${scheme}-${rendition}-ott.mp4`);
        const result = await runCli(['decrypt', join(dir, 'init.mp4'), ...segments, '-o', out, '--key', `${KID}:${KEY}`]);
        expect(result.code, result.stderr).toBe(0);
        expect(await frameHashes(out)).toEqual(await frameHashes(await catRendition(join(work, 'clear', rendition))));
      }, 60_000);
    }

    // Shaka Packager re-muxes, so compare decoded video frames. (Audio is left out: Shaka refuses the segmenter's
    // negative AAC composition offset without an edit list, encrypted or not.)
    it(`Shaka Packager raw-key decryption of ${scheme} video gives the clear frames`, async () => {
      const input = join(work, `${scheme}-video-all.mp4`);
      await writeFile(input, await catRendition(join(work, scheme, 'video_360p')));
      const output = join(work, `${scheme}-video-shaka.mp4`);
      await run(SHAKA_PACKAGER, ['--quiet', `in=${input},stream=video,output=${output}`, '--enable_raw_key_decryption', '--keys', `key_id=${KID}:key=${KEY}`]);
      expect(await frameHashes(output)).toEqual(await frameHashes(await catRendition(join(work, 'clear', 'video_360p'))));
    }, 60_000);
  }

  it('ott decrypt with a wrong key gives different frames, and with an unknown key id a clear error', async () => {
    const dir = join(work, 'cenc', 'video_360p');
    const result = await runCli(['decrypt', join(dir, 'init.mp4'), join(dir, 'seg-00001.m4s'), '-o', join(work, 'x.mp4'), '--key', `${'ab'.repeat(16)}:${KEY}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DRM_KEY_NOT_FOUND.*0123456789abcdef0123456789abcdef/);
    expect(result.stderr).not.toContain(KEY);
  });
});

describe('ClearKey playback in headless Chromium', () => {
  const drm = { kid: KID, key: KEY };
  for (const scheme of ['cenc', 'cbcs'] as const) {
    for (const player of ['shaka', 'dash.js'] as const) {
      it(`${player} plays the ${scheme} DASH output`, async () => {
        const result = await playInBrowser(browser, { player, src: `${server.url}/${scheme}/manifest.mpd`, untilSeconds: 3, drm });
        expect(result.errors).toEqual([]);
        expect(result.reached).toBe(true);
      }, 60_000);
    }
    it(`shaka plays the ${scheme} HLS output`, async () => {
      const result = await playInBrowser(browser, { player: 'shaka', src: `${server.url}/${scheme}/master.m3u8`, untilSeconds: 3, drm });
      expect(result.errors).toEqual([]);
      expect(result.reached).toBe(true);
    }, 60_000);
  }

  it('a wrong key fails with an error, not a hang', async () => {
    const result = await playInBrowser(browser, { player: 'shaka', src: `${server.url}/cenc/manifest.mpd`, untilSeconds: 3, timeoutMs: 30_000, drm: { kid: KID, key: WRONG_KEY } });
    expect(result.reached).toBe(false);
    expect(result.timedOut).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  }, 60_000);
});
