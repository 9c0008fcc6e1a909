import type { CmafSample } from '../../types/cmaf.js';
import type { Box } from '../box/Box.js';
import { findBox, findBoxes } from '../box/findBox.js';
import { TFHD_FLAGS } from '../boxes/tfhd.js';
import type { TrexBox } from '../boxes/trex.js';
import { isobmffError } from '../cursor/isobmffError.js';
import { concatBytes } from '../../bytes/concatBytes.js';
import type { Fmp4FragmentItem } from './Fmp4Item.js';

/** What the demuxer knows of a track from `moov`. */
export interface TrackState {
  readonly trex?: TrexBox;
  /** Audio tracks: every sample is a sync sample. */
  readonly allSync: boolean;
  /** Decode time after the last fragment (used when a `traf` has no `tfdt`). */
  nextDecodeTime: number;
}

/** A `moof` and the `mdat` payload after it, with absolute stream offsets. */
export interface MoofWithData {
  readonly moof: readonly Box[];
  readonly moofStart: number;
  readonly mdatStart: number;
  readonly mdat: Uint8Array;
}

// sample_is_non_sync_sample, ISO/IEC 14496-12 §8.8.3.1.
const NON_SYNC = 0x10000;

/**
 * Turns each `traf` of a `moof` into a fragment item: samples with defaults resolved from `tfhd` then `trex`,
 * data located by `trun` data offsets relative to the moof (default-base-is-moof) or `base_data_offset`.
 */
export function readFragment(input: MoofWithData, tracks: ReadonlyMap<number, TrackState>): Fmp4FragmentItem[] {
  const moof = findBox(input.moof, 'moof');
  if (moof === undefined) throw isobmffError('ISOBMFF_INVALID_BOX', 'Expected a moof box.');
  const sequenceNumber = findBox(moof, 'mfhd')?.sequenceNumber ?? 0;
  const mdatEnd = input.mdatStart + input.mdat.byteLength;
  const items: Fmp4FragmentItem[] = [];
  let previousEnd = input.moofStart;
  for (const traf of findBoxes(moof, 'traf')) {
    const tfhd = findBox(traf, 'tfhd');
    if (tfhd === undefined) throw isobmffError('ISOBMFF_INVALID_BOX', 'traf without tfhd; the fragment is corrupt.');
    const state = tracks.get(tfhd.trackId);
    const trex = state?.trex;
    const tfdt = findBox(traf, 'tfdt');
    const baseMediaDecodeTime = tfdt?.baseMediaDecodeTime ?? state?.nextDecodeTime ?? 0;
    // §8.8.7.1: explicit base offset, else the moof (flag or first traf), else where the previous traf's data ended.
    let base: number;
    if (tfhd.baseDataOffset !== undefined) base = tfhd.baseDataOffset;
    else if ((tfhd.flags & TFHD_FLAGS.defaultBaseIsMoof) !== 0 || items.length === 0) base = input.moofStart;
    else base = previousEnd;
    const samples: CmafSample[] = [];
    const pieces: Uint8Array[] = [];
    let runEnd = base;
    let decodeTime = baseMediaDecodeTime;
    let first = true;
    for (const trun of findBoxes(traf, 'trun')) {
      const start = trun.dataOffset !== undefined ? base + trun.dataOffset : first ? base : runEnd;
      first = false;
      if (trun.sizes === undefined) {
        // No per-sample sizes: check the run against the mdat before creating sample objects for a corrupt count.
        const defaultSize = tfhd.defaultSampleSize ?? trex?.defaultSampleSize ?? 0;
        if (defaultSize * trun.sampleCount > mdatEnd - start || (defaultSize === 0 && trun.sampleCount > 65536)) {
          throw isobmffError('ISOBMFF_INVALID_BOX', `trun of track ${tfhd.trackId} declares ${trun.sampleCount} samples of ${defaultSize} bytes, more than the mdat holds; the fragment is corrupt.`, { trackId: tfhd.trackId });
        }
      }
      let runSize = 0;
      for (let i = 0; i < trun.sampleCount; i++) {
        const duration = trun.durations?.[i] ?? tfhd.defaultSampleDuration ?? trex?.defaultSampleDuration ?? 0;
        const size = trun.sizes?.[i] ?? tfhd.defaultSampleSize ?? trex?.defaultSampleSize ?? 0;
        const flags = trun.sampleFlags?.[i] ?? (i === 0 ? trun.firstSampleFlags : undefined) ?? tfhd.defaultSampleFlags ?? trex?.defaultSampleFlags ?? 0;
        samples.push({ duration, size, compositionTimeOffset: trun.compositionOffsets?.[i] ?? 0, isSync: state?.allSync === true || (flags & NON_SYNC) === 0 });
        runSize += size;
        decodeTime += duration;
      }
      if (start < input.mdatStart || start + runSize > mdatEnd) {
        throw isobmffError(
          'ISOBMFF_INVALID_BOX',
          `trun of track ${tfhd.trackId} points at bytes ${start}–${start + runSize}, outside the mdat payload ${input.mdatStart}–${mdatEnd}; the fragment is corrupt.`,
          { trackId: tfhd.trackId },
        );
      }
      if (runSize > 0) pieces.push(input.mdat.subarray(start - input.mdatStart, start - input.mdatStart + runSize));
      runEnd = start + runSize;
    }
    previousEnd = runEnd;
    if (state !== undefined) state.nextDecodeTime = decodeTime;
    items.push({ type: 'fragment', trackId: tfhd.trackId, sequenceNumber, baseMediaDecodeTime, samples, data: concatBytes(pieces) });
  }
  return items;
}
