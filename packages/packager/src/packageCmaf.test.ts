import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { Fmp4Demuxer, locateBinary } from '@ott/core';
import type { PipelineEvent, PipelineItem, SegmentEvent } from '@ott/core';
import { parseMpd } from './dash/parseMpd.test-helper.js';
import { parseM3u8 } from './hls/parseM3u8.test-helper.js';
import { packageCmaf } from './packageCmaf.js';
import { toFolder } from './toFolder.js';

const FRAGMENTED = ['-movflags', '+frag_keyframe+empty_moov+default_base_moof+negative_cts_offsets', '-frag_duration', '500000'];
const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0'];

let work: string;
let events: PipelineEvent[];
const out = (): string => join(work, 'out');

/** The transcoder's side, in miniature: fragmented MP4 files from ffmpeg, demuxed into cmaf-init/cmaf-fragment items. */
function itemsOf(file: string, renditionId: string): PipelineItem[] {
  const demuxer = new Fmp4Demuxer();
  const items: PipelineItem[] = [];
  for (const item of demuxer.push(readFileSync(file))) {
    if (item.type === 'init') {
      const [first] = item.tracks;
      if (first === undefined) throw new Error(`${file}: no track`);
      items.push({ type: 'cmaf-init', renditionId, track: first.track, sampleEntry: first.sampleEntry });
    } else {
      const { trackId, baseMediaDecodeTime, samples, data } = item;
      items.push({ type: 'cmaf-fragment', renditionId, trackId, baseMediaDecodeTime, samples, data });
    }
  }
  demuxer.end();
  return items;
}

function framesOf(rendition: string, stream: 'v' | 'a'): number {
  const folder = join(out(), rendition);
  const files = ['init.mp4', ...readdirSync(folder).filter((f) => f.endsWith('.m4s')).sort()];
  const joined = join(work, `${rendition}.mp4`);
  writeFileSync(joined, Buffer.concat(files.map((f) => readFileSync(join(folder, f)))));
  const result = execFileSync(locateBinary('ffprobe'), [
    '-v', 'error', '-count_frames', '-select_streams', `${stream}:0`, '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', joined,
  ]);
  return Number(result.toString().trim());
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ott-package-'));
  execFileSync(locateBinary('ffmpeg'), [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=5',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=5',
    '-map', '0:v', ...X264, ...FRAGMENTED, join(work, 'v180.mp4'),
    '-map', '0:v', ...X264, '-s', '160x90', ...FRAGMENTED, join(work, 'v90.mp4'),
    '-map', '1:a', '-c:a', 'aac', '-b:a', '64k', ...FRAGMENTED, join(work, 'a.mp4'),
  ]);
  const items = [
    ...itemsOf(join(work, 'v180.mp4'), 'video_180p'),
    ...itemsOf(join(work, 'v90.mp4'), 'video_90p'),
    ...itemsOf(join(work, 'a.mp4'), 'audio_aac'),
  ];
  events = await lastValueFrom(from(items).pipe(packageCmaf({ segmentDuration: 2 }), toFolder(out()), toArray()));
});

afterAll(() => {
  if (process.env.OTT_KEEP_OUTPUT) return console.log(work);
  rmSync(work, { recursive: true, force: true });
});

describe('packageCmaf + toFolder on real ffmpeg output', () => {
  it('cuts both video rungs at the same keyframes, every 2 s', () => {
    const starts = (id: string): number[] =>
      events.filter((e): e is SegmentEvent => e.type === 'segment' && e.renditionId === id).map((e) => e.durationSeconds);
    expect(starts('video_180p')).toEqual([2, 2, 1]);
    expect(starts('video_90p')).toEqual([2, 2, 1]);
    expect(starts('audio_aac')).toHaveLength(3);
  });

  it('writes segments that ffprobe decodes completely when appended to their init segment', () => {
    expect(framesOf('video_180p', 'v')).toBe(150);
    expect(framesOf('video_90p', 'v')).toBe(150);
    expect(framesOf('audio_aac', 'a')).toBeGreaterThanOrEqual(234);
  });

  it('publishes manifests last, and every file they reference exists', () => {
    const kinds = events.map((e) => (e.type === 'manifest' ? e.path : e.type));
    expect(kinds.slice(-5)).toEqual([
      'video_180p/playlist.m3u8',
      'video_90p/playlist.m3u8',
      'audio_aac/playlist.m3u8',
      'master.m3u8',
      'manifest.mpd',
    ]);
    const master = parseM3u8(readFileSync(join(out(), 'master.m3u8'), 'utf8'));
    const mediaUris = [...(master.playlists ?? []).map((p) => p.uri), 'audio_aac/playlist.m3u8'];
    expect(master.playlists?.[0]?.attributes.CODECS).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
    expect(master.playlists?.[0]?.attributes['FRAME-RATE']).toBe(30);
    for (const uri of mediaUris) {
      const media = parseM3u8(readFileSync(join(out(), uri), 'utf8'));
      const folder = dirname(join(out(), uri));
      expect(media.segments).toHaveLength(3);
      for (const segment of media.segments) expect(existsSync(join(folder, segment.uri)), segment.uri).toBe(true);
      expect(existsSync(join(folder, media.segments[0]?.map?.uri ?? 'missing'))).toBe(true);
    }
    const mpd = parseMpd(readFileSync(join(out(), 'manifest.mpd'), 'utf8'));
    const representations = [...mpd.playlists, ...Object.values(mpd.mediaGroups.AUDIO).flatMap((g) => Object.values(g).flatMap((l) => l.playlists))];
    expect(representations).toHaveLength(3);
    for (const representation of representations) {
      for (const segment of representation.segments) expect(existsSync(join(out(), segment.uri)), segment.uri).toBe(true);
    }
    expect(mpd.duration).toBeCloseTo(5, 1);
  });

  it('leaves no temporary files behind', () => {
    const all = readdirSync(out(), { recursive: true }) as string[];
    expect(all.filter((p) => p.includes('.tmp-'))).toEqual([]);
  });
});
