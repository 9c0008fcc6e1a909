import { readFileSync } from 'node:fs';
import { Fmp4Demuxer } from '@ott/core';
import type { CmafFragment, CmafInit } from '@ott/core';

/** ffmpeg output options of what transcodeLive writes: fragments just under 0.5 s, cut at keyframes too. */
export const LIVE_FRAGMENTED: readonly string[] = ['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '483000'];

/** x264 as transcodeLive runs it at 30 fps: 2 s closed GOPs on a time grid, no B-frames, no look-ahead. */
export const LIVE_X264: readonly string[] = [
  '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-bf', '0',
  '-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-force_key_frames', 'expr:gte(t,n_forced*2)',
];

/** A single-track fragmented MP4 file as the live transcoder emits it: one `cmaf-init`, then its `cmaf-fragment`s. */
export function readCmafItems(file: string, renditionId: string): (CmafInit | CmafFragment)[] {
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
