import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { findBox, locateBinary, readBoxes } from '@ott/core';
import type { ParentBox } from '@ott/core';
import { PLAYER_PAGES } from '../browser/playerPage.js';
import type { PageState, PlayerName } from '../browser/playerPage.js';
import { catRendition } from './processes.js';

/** MD5 of every decoded frame of a rendition (init + segments joined), in order, as `ffmpeg -f framemd5` computes them. */
export async function framemd5(renditionDir: string, scratch: string, stream: 'v' | 'a'): Promise<string[]> {
  const file = join(scratch, `${renditionDir.replace(/\W/g, '_')}.mp4`);
  await writeFile(file, await catRendition(renditionDir));
  const text = await output(locateBinary('ffmpeg'), ['-v', 'error', '-i', file, '-map', `0:${stream}:0`, '-f', 'framemd5', '-']);
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')).map((line) => line.split(',').at(-1)?.trim() ?? '');
}

/** One media segment's place on the decode timeline. */
export interface SegmentTiming {
  readonly file: string;
  readonly sequenceNumber: number;
  /** `tfdt` base media decode time. */
  readonly decodeTime: number;
  /** Sum of the sample durations of its `trun`s. */
  readonly duration: number;
}

/** `tfdt` and duration of every `seg-*.m4s` of a rendition folder, read with the @ott/core box reader. */
export async function segmentTimeline(renditionDir: string): Promise<SegmentTiming[]> {
  const files = (await readdir(renditionDir)).filter((f) => /^seg-\d+\.m4s$/.test(f)).sort();
  const timings: SegmentTiming[] = [];
  for (const file of files) {
    const boxes = readBoxes(new Uint8Array(await readFile(join(renditionDir, file))));
    const moof = findBox(boxes, 'moof') as ParentBox | undefined;
    const traf = findBox(moof, 'traf') as ParentBox | undefined;
    const tfdt = findBox(traf, 'tfdt');
    const tfhd = findBox(traf, 'tfhd');
    const mfhd = findBox(moof, 'mfhd');
    let duration = 0;
    for (const child of traf?.children ?? []) {
      if (child.type !== 'trun') continue;
      const trun = findBox([child], 'trun');
      if (trun === undefined) continue;
      duration += trun.durations ? trun.durations.reduce((sum, d) => sum + d, 0) : trun.sampleCount * (tfhd?.defaultSampleDuration ?? 0);
    }
    timings.push({ file, sequenceNumber: mfhd?.sequenceNumber ?? -1, decodeTime: tfdt?.baseMediaDecodeTime ?? -1, duration });
  }
  return timings;
}

/** What {@link playAcrossJoin} saw. */
export interface JoinPlayback {
  /** `waiting` events of the video element after playback resumed at `from` (a stall at the join would add one). */
  readonly stalls: number;
  readonly currentTime: number;
  /** Buffered ranges `[start, end]` when playback passed `until`. */
  readonly buffered: readonly (readonly [number, number])[];
  readonly errors: readonly string[];
}

/**
 * Plays `src` with a reference player page (served under `/_players/` by `startStaticServer`), seeks to `from` a
 * little before a chunk join, lets it play past `until` (after the join) and reports stalls, buffered ranges and
 * errors. Waits on the page's state (polling), never sleeps.
 */
export async function playAcrossJoin(browser: Browser, options: { readonly player: PlayerName; readonly src: string; readonly from: number; readonly until: number }): Promise<JoinPlayback> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    const url = new URL(`/_players/${PLAYER_PAGES[options.player]}`, options.src);
    url.searchParams.set('src', options.src);
    await page.goto(url.href, { waitUntil: 'load' });
    const wait = { timeout: 30_000, polling: 100 };
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.2, undefined, wait);
    await page.evaluate((to) => {
      const video = document.querySelector('video') as HTMLVideoElement;
      video.currentTime = to;
    }, options.from);
    await page.waitForFunction((to) => {
      const video = document.querySelector('video');
      return video !== null && !video.seeking && !video.paused && video.currentTime > to + 0.2;
    }, options.from, wait);
    await page.evaluate(() => {
      const state = window as unknown as { __stalls: number };
      state.__stalls = 0;
      document.querySelector('video')?.addEventListener('waiting', () => (state.__stalls += 1));
    });
    await page.waitForFunction((until) => (document.querySelector('video')?.currentTime ?? 0) > until, options.until, wait);
    const seen = await page.evaluate(() => {
      const video = document.querySelector('video') as HTMLVideoElement;
      const ranges: [number, number][] = [];
      for (let i = 0; i < video.buffered.length; i++) ranges.push([video.buffered.start(i), video.buffered.end(i)]);
      const state = window as unknown as { __stalls: number; __ott?: PageState };
      return { stalls: state.__stalls, currentTime: video.currentTime, buffered: ranges, errors: state.__ott?.errors ?? ['player page did not start'] };
    });
    return { ...seen, errors: [...seen.errors, ...pageErrors] };
  } finally {
    await page.close();
  }
}

function output(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`${command} exited ${code}: ${stderr.slice(-800)}`))));
  });
}
