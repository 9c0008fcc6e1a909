import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { locateBinary } from '@ott/core';
import type { CmafFragment, LiveSession, PipelineItem } from '@ott/core';
import { LIVE_FRAGMENTED, LIVE_X264, readCmafItems } from '../../../../test/support/liveFragments.js';

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
    '-map', '0:v', ...LIVE_X264, ...LIVE_FRAGMENTED, join(work, 'v.mp4'),
    '-map', '1:a', '-c:a', 'aac', '-b:a', '64k', ...LIVE_FRAGMENTED, join(work, 'a.mp4'),
  ]);
  const sources = [...readCmafItems(join(work, 'v.mp4'), 'video_180p'), ...readCmafItems(join(work, 'a.mp4'), 'audio_aac')];
  const timescales = new Map(sources.flatMap((s) => (s.type === 'cmaf-init' ? [[s.renditionId, s.track.timescale] as const] : [])));
  const fragments = sources
    .filter((s): s is CmafFragment => s.type === 'cmaf-fragment')
    .map((item) => ({ item, seconds: item.baseMediaDecodeTime / (timescales.get(item.renditionId) ?? 1) }))
    .sort((a, b) => a.seconds - b.seconds);
  const session: LiveSession = { type: 'live-session', streamKey: 'cam', session: 1, discontinuity: false, wallClock: Date.now(), mediaTimeSeconds: 0 };
  return [{ item: session, seconds: 0 }, ...sources.filter((s) => s.type === 'cmaf-init').map((item) => ({ item, seconds: 0 })), ...fragments];
}

