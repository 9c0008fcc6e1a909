import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fmp4Demuxer, locateBinary } from '@ott/core';
import type { CmafFragment, CmafInit, LiveSession, PipelineItem } from '@ott/core';

// What transcodeLive's ffmpeg writes: 2 s closed GOPs, no B-frames, fragments just under 0.5 s.
const FRAGMENTED = ['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '483000'];
const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-bf', '0', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-force_key_frames', 'expr:gte(t,n_forced*2)'];

/** One live item and the media time (seconds) it carries, for pacing a fake publisher. */
export interface TimedItem {
  readonly item: PipelineItem;
  readonly seconds: number;
}

/**
 * A live publisher session as the live transcoder emits it, from real encoder output: ffmpeg encodes `seconds` of
 * testsrc2 (320x180, H.264) and a sine (AAC) to fragmented MP4, and the fragments come back as a `live-session`,
 * the two `cmaf-init`s and the `cmaf-fragment`s in time order.
 */
export function encodeLiveSource(work: string, seconds: number): TimedItem[] {
  execFileSync(locateBinary('ffmpeg'), [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-map', '0:v', ...X264, ...FRAGMENTED, join(work, 'v.mp4'),
    '-map', '1:a', '-c:a', 'aac', '-b:a', '64k', ...FRAGMENTED, join(work, 'a.mp4'),
  ]);
  const sources = [...itemsOf(join(work, 'v.mp4'), 'video_180p'), ...itemsOf(join(work, 'a.mp4'), 'audio_aac')];
  const timescales = new Map(sources.flatMap((s) => (s.type === 'cmaf-init' ? [[s.renditionId, s.track.timescale] as const] : [])));
  const fragments = sources
    .filter((s): s is CmafFragment => s.type === 'cmaf-fragment')
    .map((item) => ({ item, seconds: item.baseMediaDecodeTime / (timescales.get(item.renditionId) ?? 1) }))
    .sort((a, b) => a.seconds - b.seconds);
  const session: LiveSession = { type: 'live-session', streamKey: 'cam', session: 1, discontinuity: false, wallClock: Date.now(), mediaTimeSeconds: 0 };
  return [{ item: session, seconds: 0 }, ...sources.filter((s) => s.type === 'cmaf-init').map((item) => ({ item, seconds: 0 })), ...fragments];
}

function itemsOf(file: string, renditionId: string): (CmafInit | CmafFragment)[] {
  const demuxer = new Fmp4Demuxer();
  const list: (CmafInit | CmafFragment)[] = [];
  for (const item of demuxer.push(readFileSync(file))) {
    if (item.type === 'init') {
      const [first] = item.tracks;
      if (first === undefined) throw new Error(`${file}: no track`);
      list.push({ type: 'cmaf-init', renditionId, track: first.track, sampleEntry: first.sampleEntry });
    } else {
      list.push({ type: 'cmaf-fragment', renditionId, trackId: item.trackId, baseMediaDecodeTime: item.baseMediaDecodeTime, samples: item.samples, data: item.data });
    }
  }
  demuxer.end();
  return list;
}
