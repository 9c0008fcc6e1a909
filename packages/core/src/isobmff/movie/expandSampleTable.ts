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
 * checked against the sample count of `stsz` (itself checked against its box, and, with a fixed sample size, against
 * `fileBytes` when given) before anything is allocated or looped over.
 */
export function expandSampleTable(stbl: ContainerBox<'stbl'>, trackId: number, fileBytes?: number): SampleColumns {
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
  // A fixed sample size makes the count free to declare (a 12-byte stsz can claim 4 G samples): every sample must fit
  // in the file, checked before ~29 bytes of columns per sample are allocated.
  if (stsz.sampleSize !== 0 && fileBytes !== undefined && count * stsz.sampleSize > fileBytes) {
    throw isobmffError('ISOBMFF_TOO_LARGE', `Track ${trackId} declares ${count} samples of ${stsz.sampleSize} bytes (${count * stsz.sampleSize} bytes), more than the file's ${fileBytes} bytes; the sample table is corrupt.`, { trackId });
  }
  const sizes = stsz.sampleSize === 0 ? stsz.entrySizes : new Uint32Array(count).fill(stsz.sampleSize);
  // One small function per table: each hot loop is optimised on its own (one function with all of them took V8's
  // optimising compiler ~60 ms, more than running the loops unoptimised).
  const { durations, decodeTimes } = expandTimes(stts.sampleCounts, stts.sampleDeltas, count);
  const ctts = findBox(stbl, 'ctts');
  const compositionOffsets = ctts === undefined ? new Int32Array(count) : expandRuns(ctts.sampleCounts, ctts.sampleOffsets, count);
  const stss = findBox(stbl, 'stss');
  const sync = expandSync(stss?.sampleNumbers, count);
  const offsets = expandOffsets(stsc.firstChunks, stsc.samplesPerChunk, chunkOffsets, sizes, count, trackId);
  return { count, offsets, sizes, decodeTimes, durations, compositionOffsets, sync };
}

/** `stts` runs → per-sample durations and decode times; samples it does not cover (a truncated table) repeat the last delta. */
function expandTimes(counts: ArrayLike<number>, deltas: ArrayLike<number>, count: number): { durations: Uint32Array; decodeTimes: Float64Array } {
  const durations = new Uint32Array(count);
  const decodeTimes = new Float64Array(count);
  let n = 0;
  let t = 0;
  for (let e = 0; e < counts.length && n < count; e++) {
    const delta = deltas[e] as number;
    const end = n + Math.min(counts[e] as number, count - n);
    durations.fill(delta, n, end);
    for (; n < end; n++) {
      decodeTimes[n] = t;
      t += delta;
    }
  }
  const lastDelta = n > 0 ? (durations[n - 1] as number) : 0;
  durations.fill(lastDelta, n);
  for (; n < count; n++) {
    decodeTimes[n] = t;
    t += lastDelta;
  }
  return { durations, decodeTimes };
}

/** `ctts` runs → per-sample composition offsets (0 past the table). */
function expandRuns(counts: ArrayLike<number>, values: ArrayLike<number>, count: number): Int32Array {
  const out = new Int32Array(count);
  let n = 0;
  for (let e = 0; e < counts.length && n < count; e++) {
    const run = Math.min(counts[e] as number, count - n);
    out.fill(values[e] as number, n, n + run);
    n += run;
  }
  return out;
}

/** `stss` sample numbers → 1 per sync sample; all samples are sync without `stss` (ISO/IEC 14496-12 §8.6.2.1). */
function expandSync(sampleNumbers: ArrayLike<number> | undefined, count: number): Uint8Array {
  const sync = new Uint8Array(count);
  if (sampleNumbers === undefined) return sync.fill(1);
  for (let i = 0; i < sampleNumbers.length; i++) {
    const s = sampleNumbers[i] as number;
    if (s >= 1 && s <= count) sync[s - 1] = 1;
  }
  return sync;
}

/** `stsc` runs and chunk offsets → the absolute file offset of every sample. */
function expandOffsets(firstChunks: ArrayLike<number>, samplesPerChunk: ArrayLike<number>, chunkOffsets: ArrayLike<number>, sizes: Uint32Array, count: number, trackId: number): Float64Array {
  const offsets = new Float64Array(count);
  let n = 0;
  const runs = firstChunks.length;
  for (let r = 0; r < runs && n < count; r++) {
    const firstChunk = firstChunks[r] as number;
    const lastChunk = r + 1 < runs ? (firstChunks[r + 1] as number) - 1 : chunkOffsets.length;
    const perChunk = samplesPerChunk[r] as number;
    if (firstChunk < 1 || lastChunk > chunkOffsets.length) {
      throw isobmffError('ISOBMFF_INVALID_BOX', `Track ${trackId}: stsc run ${r} refers to chunks ${firstChunk}–${lastChunk} of ${chunkOffsets.length}; the sample table is corrupt.`, { trackId });
    }
    for (let chunk = firstChunk; chunk <= lastChunk && n < count; chunk++) {
      let offset = chunkOffsets[chunk - 1] as number;
      const end = Math.min(n + perChunk, count);
      for (; n < end; n++) {
        offsets[n] = offset;
        offset += sizes[n] as number;
      }
    }
  }
  if (n < count) {
    throw isobmffError('ISOBMFF_INVALID_BOX', `Track ${trackId}: stsc/stco place ${n} of ${count} samples; the sample table is corrupt.`, { trackId });
  }
  return offsets;
}
