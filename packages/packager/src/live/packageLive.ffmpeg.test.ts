import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { locateBinary } from '@ott/core';
import type { CmafFragment, CmafInit, LiveSession, PipelineItem } from '@ott/core';
import { toFolder } from '../toFolder.js';
import { checkLowLatencyPlaylist } from '../hls/checkLowLatencyPlaylist.js';
import { WALL_CLOCK, versionsOf } from './liveFixtures.test-helper.js';
import { packageLive } from './packageLive.js';
import { recordLive } from '../recording/recordLive.js';
import { LIVE_FRAGMENTED, LIVE_X264, readCmafItems } from '../../../../test/support/liveFragments.js';

const SECONDS = 7;

let work: string;
let items: PipelineItem[];
const out = (): string => join(work, 'out');

/** One publisher session: its `live-session`, then inits and fragments in time order, moved `offset` seconds on. */
function session(index: number, offset: number, wallClock: number, sources: (CmafInit | CmafFragment)[]): PipelineItem[] {
  const timescales = new Map(sources.flatMap((s) => (s.type === 'cmaf-init' ? [[s.renditionId, s.track.timescale] as const] : [])));
  const seconds = (f: CmafFragment): number => f.baseMediaDecodeTime / (timescales.get(f.renditionId) ?? 1);
  const fragments = sources
    .filter((s): s is CmafFragment => s.type === 'cmaf-fragment')
    .sort((a, b) => seconds(a) - seconds(b))
    .map((f) => ({ ...f, baseMediaDecodeTime: f.baseMediaDecodeTime + Math.round(offset * (timescales.get(f.renditionId) ?? 1)) }));
  const live: LiveSession = { type: 'live-session', streamKey: 'cam', session: index, discontinuity: index > 1, wallClock, mediaTimeSeconds: offset };
  return [live, ...sources.filter((s) => s.type === 'cmaf-init'), ...fragments];
}

/** ffprobe's answer (an HLS input repeats stream entries under its program: the first line is the stream's). */
function probe(args: string[]): string {
  return execFileSync(locateBinary('ffprobe'), ['-v', 'error', ...args]).toString().trim().split('\n')[0] ?? '';
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ott-live-'));
  execFileSync(locateBinary('ffmpeg'), [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=30:duration=${SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`,
    '-map', '0:v', ...LIVE_X264, ...LIVE_FRAGMENTED, join(work, 'v.mp4'),
    '-map', '1:a', '-c:a', 'aac', '-b:a', '64k', ...LIVE_FRAGMENTED, join(work, 'a.mp4'),
  ]);
  const sources = [...readCmafItems(join(work, 'v.mp4'), 'video_180p'), ...readCmafItems(join(work, 'a.mp4'), 'audio_aac')];
  // The publisher drops after 7 s and is back 5 s later with the same stream: session 2 continues the timeline.
  const input = [...session(1, 0, WALL_CLOCK, sources), ...session(2, SECONDS, WALL_CLOCK + (SECONDS + 5) * 1000, sources)];
  items = await lastValueFrom(from(input).pipe(recordLive({ path: join(work, 'recording.mp4') }), packageLive({ keepParts: true }), toArray()));
  await lastValueFrom(from(items).pipe(toFolder(out(), { live: true }), toArray()));
});

afterAll(() => {
  if (process.env.OTT_KEEP_OUTPUT) return console.log(work);
  rmSync(work, { recursive: true, force: true });
});

describe('packageLive on real ffmpeg output', () => {
  it('writes LL-HLS playlists that pass the low-latency checks at every step', () => {
    for (const id of ['video_180p', 'audio_aac']) {
      const versions = versionsOf(items, `${id}/playlist.m3u8`);
      expect(versions.length).toBeGreaterThan(20);
      // The first version goes out before the other rendition's playlist exists (and before the master): no report yet.
      for (const text of versions.slice(1, -1)) expect(checkLowLatencyPlaylist(text, { renditionReports: 1 }), text).toEqual([]);
    }
  });

  it('writes parts that decode on their own after the init segment', () => {
    const folder = join(out(), 'video_180p');
    const parts = readdirSync(folder).filter((f) => /^seg-00002\.p\d+\.m4s$/.test(f)).sort();
    expect(parts.length).toBe(4);
    const joined = join(work, 'parts.mp4');
    writeFileSync(joined, Buffer.concat([join(folder, 'init.mp4'), ...parts.map((p) => join(folder, p))].map((f) => readFileSync(f))));
    expect(probe(['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', joined])).toBe('60');
  });

  it('leaves a folder ffmpeg plays as VOD from start to end, across the discontinuity', () => {
    const frames = probe(['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', join(out(), 'video_180p', 'playlist.m3u8')]);
    expect(Number(frames)).toBe(2 * SECONDS * 30);
    const audio = probe(['-count_frames', '-select_streams', 'a:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', join(out(), 'audio_aac', 'playlist.m3u8')]);
    expect(Number(audio)).toBeGreaterThan(2 * SECONDS * 46);
  });

  it('records the video and the audio to one MP4 that plays through both sessions', () => {
    const file = join(work, 'recording.mp4');
    expect(probe(['-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file])).toBe('h264');
    const streams = execFileSync(locateBinary('ffprobe'), ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file]).toString().trim().split('\n');
    expect(streams).toEqual(['h264', 'aac']);
    expect(probe(['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file])).toBe(String(2 * SECONDS * 30));
  });
});
