import type { ContainerBox } from '../boxes/container.js';
import { findBox } from '../box/findBox.js';
import { isobmffError } from '../cursor/isobmffError.js';

/** Per-sample columns of a progressive track, in decode order. */
export interface SampleColumns {
  readonly count: number;
  /** Absolute file offset of each sample. */
  readonly offsets: Float64Array;
  readonly sizes: Uint32Array;
  readonly decodeTimes: Float64Array;
  readonly durations: Uint32Array;
  /** Raw `ctts` offsets (0 without `ctts`). */
  readonly compositionOffsets: Int32Array;
  /** 1 for sync samples (all when `stss` is absent, ISO/IEC 14496-12 §8.6.2.1). */
  readonly sync: Uint8Array;
}

/** Refuses tables of more samples than this (≈ 2 days at 240 fps); far beyond real inputs, well below memory limits. */
const MAX_SAMPLES = 50_000_000;

/**
 * Expands `stts`/`ctts`/`stss`/`stsc`/`stsz`/`stco`|`co64` of an `stbl` into per-sample typed arrays. Every count is
 * checked against the sample count of `stsz` (itself checked against its box) before anything is allocated or
 * looped over.
 */
export function expandSampleTable(stbl: ContainerBox<'stbl'>, trackId: number): SampleColumns {
  const stsz = findBox(stbl, 'stsz');
  const stts = findBox(stbl, 'stts');
  const stsc = findBox(stbl, 'stsc');
  const chunkOffsets = (findBox(stbl, 'stco') ?? findBox(stbl, 'co64'))?.chunkOffsets;
  if (stsz === undefined || stts === undefined || stsc === undefined || chunkOffsets === undefined) {
    throw isobmffError('ISOBMFF_INVALID_BOX', `Track ${trackId}: stbl lacks stsz, stts, stsc or stco/co64; the sample table is incomplete.`, { trackId });
  }
  const count = stsz.sampleSize === 0 ? stsz.entrySizes.length : stsz.sampleCount;
  if (count > MAX_SAMPLES) {
    throw isobmffError('ISOBMFF_TOO_LARGE', `Track ${trackId} declares ${count} samples, above the ${MAX_SAMPLES} supported.`, { trackId });
  }
  const sizes = stsz.sampleSize === 0 ? stsz.entrySizes : new Uint32Array(count).fill(stsz.sampleSize);

  const durations = new Uint32Array(count);
  const decodeTimes = new Float64Array(count);
  let n = 0;
  let t = 0;
  for (let e = 0; e < stts.sampleCounts.length && n < count; e++) {
    const delta = stts.sampleDeltas[e] as number;
    const run = Math.min(stts.sampleCounts[e] as number, count - n);
    for (let i = 0; i < run; i++, n++) {
      durations[n] = delta;
      decodeTimes[n] = t;
      t += delta;
    }
  }
  // Samples stts does not cover (a truncated table) repeat the last delta.
  const lastDelta = n > 0 ? (durations[n - 1] as number) : 0;
  for (; n < count; n++) {
    durations[n] = lastDelta;
    decodeTimes[n] = t;
    t += lastDelta;
  }

  const compositionOffsets = new Int32Array(count);
  const ctts = findBox(stbl, 'ctts');
  if (ctts !== undefined) {
    n = 0;
    for (let e = 0; e < ctts.sampleCounts.length && n < count; e++) {
      const run = Math.min(ctts.sampleCounts[e] as number, count - n);
      compositionOffsets.fill(ctts.sampleOffsets[e] as number, n, n + run);
      n += run;
    }
  }

  const stss = findBox(stbl, 'stss');
  const sync = new Uint8Array(count);
  if (stss === undefined) sync.fill(1);
  else for (const s of stss.sampleNumbers) if (s >= 1 && s <= count) sync[s - 1] = 1;

  const offsets = new Float64Array(count);
  n = 0;
  const runs = stsc.firstChunks.length;
  for (let r = 0; r < runs && n < count; r++) {
    const firstChunk = stsc.firstChunks[r] as number;
    const lastChunk = r + 1 < runs ? (stsc.firstChunks[r + 1] as number) - 1 : chunkOffsets.length;
    const perChunk = stsc.samplesPerChunk[r] as number;
    if (firstChunk < 1 || lastChunk > chunkOffsets.length) {
      throw isobmffError('ISOBMFF_INVALID_BOX', `Track ${trackId}: stsc run ${r} refers to chunks ${firstChunk}–${lastChunk} of ${chunkOffsets.length}; the sample table is corrupt.`, { trackId });
    }
    for (let chunk = firstChunk; chunk <= lastChunk && n < count; chunk++) {
      let offset = chunkOffsets[chunk - 1] as number;
      for (let i = 0; i < perChunk && n < count; i++, n++) {
        offsets[n] = offset;
        offset += sizes[n] as number;
      }
    }
  }
  if (n < count) {
    throw isobmffError('ISOBMFF_INVALID_BOX', `Track ${trackId}: stsc/stco place ${n} of ${count} samples; the sample table is corrupt.`, { trackId });
  }
  return { count, offsets, sizes, decodeTimes, durations, compositionOffsets, sync };
}
