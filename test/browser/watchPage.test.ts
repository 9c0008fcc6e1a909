// The first run a user watches: `ott serve <dir>` serves a watch page at / (the IIFE build of @ott/player with the
// streams found in the folder); Chromium opens that URL and the video plays. With tokens on, the page plays a stream
// named in ?src= with ?token=, and lists no stream names to viewers.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPlaybackToken } from '@ott/origin';
import { generateTestSource } from '../support/media.js';
import { launchChromium } from './chromium.js';
import { ottVod } from './playerFixtures.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const SECRET = 'watch-page-test-playback-secret-32-bytes';
let tmp = '';
let browser: Browser | undefined;
const servers: ChildProcessWithoutNullStreams[] = [];

/** Starts the built `ott serve` and resolves with the watch URL it prints. */
function serve(args: readonly string[]): Promise<{ url: string; stdout: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args, '--port', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
  servers.push(child);
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /watch: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match?.[1]) resolve({ url: match[1], stdout: () => stdout });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`ott serve exited ${code}: ${stderr}`)));
  });
}

/** Waits until the page's video has played past `seconds`; returns what the page shows. */
async function waitForPlayback(page: Page, seconds: number): Promise<{ time: number; stats: string; qualities: number; message: string }> {
  await page.waitForFunction((s) => {
    const video = document.querySelector('video');
    return video !== null && video.currentTime > s && !video.paused;
  }, seconds, { timeout: 45_000 });
  return page.evaluate(() => ({
    time: document.querySelector('video')?.currentTime ?? 0,
    stats: document.getElementById('stats')?.textContent ?? '',
    qualities: document.querySelectorAll('#quality option').length,
    message: document.getElementById('message')?.textContent ?? '',
  }));
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-watch-'));
  const [source, launched] = await Promise.all([generateTestSource(tmp, { seconds: 6, width: 320, height: 180, fps: 25 }), launchChromium()]);
  browser = launched;
  const vod = path.join(tmp, 'vod');
  await ottVod(source, vod, '180p@250k,144p@120k,audio@64k', 2);
  await cp(vod, path.join(tmp, 'demo'), { recursive: true });
  // A second stream one folder down, as `ott live` or several `ott vod -o <dir>/<name>` runs leave them.
  await cp(vod, path.join(tmp, 'demo', 'extra', 'movie'), { recursive: true });
}, 180_000);

afterAll(async () => {
  for (const child of servers) if (child.exitCode === null) child.kill('SIGTERM');
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the watch page of ott serve', () => {
  it('lists the streams of the folder and plays the first in Chromium, with quality menu and stats', async () => {
    if (!browser) throw new Error('beforeAll did not finish');
    const { url } = await serve([path.join(tmp, 'demo')]);
    const listed = (await (await fetch(`${url}.ott/streams`)).json()) as { streams: { path: string; format: string; live: boolean }[] };
    expect(listed.streams.map((s) => s.path)).toEqual(['master.m3u8', 'manifest.mpd', 'extra/movie/master.m3u8', 'extra/movie/manifest.mpd']);
    expect(listed.streams.every((s) => !s.live)).toBe(true);

    const page = await browser.newPage();
    try {
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(url);
      const shown = await waitForPlayback(page, 1);
      expect(pageErrors).toEqual([]);
      expect(shown.message).toBe('');
      expect(shown.qualities).toBe(3); // auto + 2 rungs
      expect(shown.stats).toMatch(/buffer\s+\d/);
      const options = await page.$$eval('#streams option', (list) => list.map((o) => (o as HTMLOptionElement).value));
      expect(options).toContain('extra/movie/master.m3u8');
      // Choosing another stream from the list plays it.
      await page.selectOption('#streams', 'extra/movie/master.m3u8');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('src') === 'extra/movie/master.m3u8');
      await waitForPlayback(page, 1);
    } finally {
      await page.close();
    }
  });

  it('gives way to the folder own index.html', async () => {
    const folder = path.join(tmp, 'with-index');
    await cp(path.join(tmp, 'demo'), folder, { recursive: true });
    await writeFile(path.join(folder, 'index.html'), '<!doctype html><title>mine</title>');
    const child = spawn(process.execPath, [BIN, 'serve', folder, '--port', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
    servers.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`ott serve exited ${code}`)));
    });
    expect(await (await fetch(url)).text()).toBe('<!doctype html><title>mine</title>');
  });

  it('plays a token-protected stream given ?src= and ?token=, and lists no stream names', async () => {
    if (!browser) throw new Error('beforeAll did not finish');
    const { url } = await serve([path.join(tmp, 'demo', 'extra'), '--jwt-secret', SECRET]);
    const listing = await fetch(`${url}.ott/streams`);
    expect(listing.status).toBe(403);
    expect(((await listing.json()) as { streams: unknown[] }).streams).toEqual([]);
    expect((await fetch(`${url}movie/master.m3u8`)).status).toBe(401);

    const token = await signPlaybackToken({ algorithm: 'HS256', secret: SECRET, stream: 'movie', expiresInSeconds: 300 });
    const page = await browser.newPage();
    try {
      await page.goto(`${url}?src=movie/master.m3u8&token=${token}`);
      const shown = await waitForPlayback(page, 1);
      expect(shown.message).toBe('');
    } finally {
      await page.close();
    }
  });
});
