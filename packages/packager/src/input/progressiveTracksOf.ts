import { OttError } from '@ott/core';
import type { Mp4Movie, TrackInfo } from '@ott/core';
import { planFragments } from './planFragments.js';
import type { FragmentPlan } from './planFragments.js';
import { renditionIdsOf } from './renditionIdsOf.js';

/**
 * What the progressive reader keeps of one track: only the per-sample columns it still needs (about 21 bytes a
 * sample; the raw composition offsets and the per-sample decode times of the movie are left to the garbage
 * collector), its fragment plan and each fragment's decode time.
 */
export interface ProgressiveTrack {
  readonly track: TrackInfo;
  readonly sampleEntry: Uint8Array;
  readonly renditionId: string;
  readonly count: number;
  readonly offsets: Float64Array;
  readonly sizes: Uint32Array;
  readonly durations: Uint32Array;
  readonly compositionOffsets: Int32Array;
  /** 1 for sync samples; audio samples are all sync. */
  readonly sync: Uint8Array;
  readonly plans: readonly FragmentPlan[];
  /** Decode time of each plan's first sample. */
  readonly baseDecodeTimes: Float64Array;
}

/**
 * Plans the output fragments of every track of a progressive movie and checks that every sample lies inside the
 * file. The result holds no reference to `movie`, so the caller can drop it (and its moov bytes) before reading.
 */
export function progressiveTracksOf(
  movie: Mp4Movie,
  fileSize: number,
  fragmentDuration: number,
  renditionIdOf: ((track: TrackInfo) => string) | undefined,
  path: string,
): ProgressiveTrack[] {
  const ids = renditionIdsOf(movie.tracks.map((t) => t.track), renditionIdOf);
  return movie.tracks.map((t) => {
    for (let i = 0; i < t.count; i++) {
      const end = (t.offsets[i] as number) + (t.sizes[i] as number);
      if (end > fileSize) {
        throw new OttError(
          'PACKAGE_INVALID_INPUT',
          `${path}: sample ${i + 1} of track ${t.track.id} lies at bytes ${t.offsets[i]}–${end}, beyond the end of the ${fileSize}-byte file; the file is truncated or its sample table is corrupt. Remux it with ffmpeg -c copy.`,
          { stage: 'packager', details: { trackId: t.track.id, sample: i + 1 } },
        );
      }
    }
    const plans = planFragments(t.track.kind, t.sync, t.durations, fragmentDuration * t.track.timescale);
    const baseDecodeTimes = new Float64Array(plans.length);
    plans.forEach((plan, p) => (baseDecodeTimes[p] = t.decodeTimes[plan.start] as number));
    return {
      track: t.track, sampleEntry: t.sampleEntry, renditionId: ids.get(t.track.id) as string, count: t.count,
      offsets: t.offsets, sizes: t.sizes, durations: t.durations, compositionOffsets: t.normalizedCompositionOffsets,
      sync: t.track.kind === 'audio' ? new Uint8Array(0) : t.sync,
      plans, baseDecodeTimes,
    };
  });
}
