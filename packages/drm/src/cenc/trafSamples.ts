import { TFHD_FLAGS, TRUN_FLAGS, findBox, findBoxes } from '@ott/core';
import type { ContainerBox, TrunBox } from '@ott/core';
import { drmError } from '../keys/drmError.js';
import type { TrackDefaults } from './readTrackProtection.js';

/** Where one sample of a track fragment lies in the file. */
export interface SampleRange {
  /** Absolute file offset. */
  readonly offset: number;
  readonly size: number;
}

/**
 * The absolute byte ranges of the samples of a `traf` (ISO/IEC 14496-12 §8.8.7/§8.8.8): the base is `tfhd`'s base
 * data offset, else the `moof` start (default-base-is-moof, or the first traf); each `trun` data offset is relative
 * to it, and a `trun` without one continues where the previous run ended.
 */
export function trafSamples(traf: ContainerBox, moofStart: number, defaults?: TrackDefaults): { trackId: number; samples: SampleRange[] } {
  const tfhd = findBox(traf, 'tfhd');
  if (tfhd === undefined) throw drmError('DRM_DECRYPT_FAILED', 'A traf has no tfhd; the fragment is malformed.');
  const base = (tfhd.flags & TFHD_FLAGS.baseDataOffset) !== 0 ? tfhd.baseDataOffset ?? 0 : moofStart;
  const defaultSize = tfhd.defaultSampleSize ?? defaults?.defaultSampleSize ?? 0;
  const samples: SampleRange[] = [];
  let next = base;
  for (const trun of findBoxes(traf, 'trun') as TrunBox[]) {
    let p = (trun.flags & TRUN_FLAGS.dataOffset) !== 0 ? base + (trun.dataOffset ?? 0) : next;
    for (let i = 0; i < trun.sampleCount; i++) {
      const size = trun.sizes?.[i] ?? defaultSize;
      samples.push({ offset: p, size });
      p += size;
    }
    next = p;
  }
  return { trackId: tfhd.trackId, samples };
}
