// CEA-608 closed captions (issue 16, captions part): a source whose H.264 SEI carries a pop-on caption on CC1 (made
// by test/support/cea608.ts), through the BUILT `ott vod`. The probe finds the captions, every H.264 rung keeps them
// (ffmpeg reads the caption text back from each rung's segments), the manifests signal them (HLS CLOSED-CAPTIONS group
// with INSTREAM-ID, DASH Accessibility cea-608), a source without captions says CLOSED-CAPTIONS=NONE, and hls.js in
// headless Chromium shows the caption as a text track cue.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probe } from '@ott/ingest';
import { launchChromium } from '../browser/chromium.js';
import { ottVod } from '../browser/playerFixtures.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { writeCaptionedSource } from '../support/cea608.js';
import { generateTestSource } from '../support/media.js';

const run = promisify(execFile);
let work: string;
let browser: Browser;
let server: StaticServer;
let plainSource: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-captions-'));
  const captioned = join(work, 'captioned.mp4');
  await writeCaptionedSource(captioned, 'HELLO WORLD', 6, 10);
  const plain = await generateTestSource(work, { seconds: 4, width: 320, height: 180, fps: 25 });
  plainSource = plain;
  [browser] = await Promise.all([
    launchChromium(),
    ottVod(captioned, join(work, 'cc'), '180p@300k,90p@100k,audio@64k', 2),
    ottVod(plain, join(work, 'plain'), '90p@100k,audio@64k', 2),
  ]);
  server = await startStaticServer(work);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), server?.close()]);
  if (work) await rm(work, { recursive: true, force: true });
});

/** The caption text ffmpeg's 608 decoder reads from a rendition's segments (init + media, back to back). */
async function captionText(rendition: string): Promise<string> {
  const dir = join(work, 'cc', rendition);
  const segments = (await readdir(dir)).filter((f) => f.endsWith('.m4s')).sort();
  const joined = join(work, `${rendition}.mp4`);
  await writeFile(joined, Buffer.concat(await Promise.all([join(dir, 'init.mp4'), ...segments.map((s) => join(dir, s))].map((f) => readFile(f)))));
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `movie=${joined}[out0+subcc]`, '-map', '0:s', '-f', 'srt', '-']);
  return stdout;
}

it('finds the captions, keeps them on every rung and signals them in HLS and DASH', async () => {
  expect((await probe(join(work, 'captioned.mp4'))).video?.closedCaptions).toBe(true);
  for (const rendition of ['video_180p', 'video_90p']) expect(await captionText(rendition), rendition).toContain('HELLO WORLD');
  const master = await readFile(join(work, 'cc', 'master.m3u8'), 'utf8');
  expect(master).toContain('#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC1",DEFAULT=NO,AUTOSELECT=YES,INSTREAM-ID="CC1"');
  const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'));
  expect(variants).toHaveLength(2);
  for (const variant of variants) expect(variant).toContain('CLOSED-CAPTIONS="cc"');
  const mpd = await readFile(join(work, 'cc', 'manifest.mpd'), 'utf8');
  expect(mpd).toMatch(/<AdaptationSet[^>]*contentType="video"[^>]*>\s*<Accessibility schemeIdUri="urn:scte:dash:cc:cea-608:2015" value="CC1"\/>/);
});

it('says CLOSED-CAPTIONS=NONE for a source without captions', async () => {
  expect((await probe(plainSource)).video?.closedCaptions).toBe(false);
  const master = await readFile(join(work, 'plain', 'master.m3u8'), 'utf8');
  const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'));
  expect(variants.length).toBeGreaterThan(0);
  for (const variant of variants) expect(variant).toContain('CLOSED-CAPTIONS=NONE');
  expect(master).not.toContain('TYPE=CLOSED-CAPTIONS');
  expect(await readFile(join(work, 'plain', 'manifest.mpd'), 'utf8')).not.toContain('cea-608');
});

it('hls.js shows the caption from the segments as a text track cue', async () => {
  const page = await browser.newPage();
  try {
    // Every text track the player adds is made "hidden" at once: its cues are parsed and kept, not drawn.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        document.querySelector('video')?.textTracks.addEventListener('addtrack', (event) => {
          const track = (event as TrackEvent).track;
          if (track && track.mode === 'disabled') track.mode = 'hidden';
        });
      });
    });
    await page.goto(`${server.url}/_players/hls.html?src=${encodeURIComponent(`${server.url}/cc/master.m3u8`)}`);
    // The caption pops on at 0.4 s and is erased ~2.5 s later, which closes its cue.
    await page.waitForFunction(() => document.querySelector('video')!.currentTime > 3.5 || (window as unknown as { __ott: { fatal: boolean } }).__ott.fatal, undefined, { timeout: 45_000 });
    const seen = await page.evaluate(() =>
      Array.from(document.querySelector('video')!.textTracks).map((track) => {
        if (track.mode === 'disabled') track.mode = 'hidden';
        return { kind: track.kind, cues: (Array.from(track.cues ?? []) as VTTCue[]).map((c) => c.text.trim()) };
      }),
    );
    expect(seen.filter((t) => t.cues.includes('HELLO WORLD')).map((t) => t.kind), JSON.stringify(seen)).toEqual(['captions']);
    expect((await page.evaluate('window.__ott.errors')) as string[]).toEqual([]);
  } finally {
    await page.close();
  }
}, 60_000);
