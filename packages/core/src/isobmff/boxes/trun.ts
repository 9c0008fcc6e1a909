import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import { isobmffError } from '../cursor/isobmffError.js';

/**
 * Most samples of a `trun` that carries no per-sample field (every sample takes the defaults of `tfhd`/`trex`): such a
 * count costs no bytes, so without a cap 12 bytes could claim 4 G samples and every reader would loop over them. Real
 * fragments hold seconds of media: thousands of samples.
 */
export const MAX_TRUN_SAMPLES_WITHOUT_FIELDS = 1_000_000;

/** `trun` flag bits, ISO/IEC 14496-12 §8.8.8.1. */
export const TRUN_FLAGS = {
  dataOffset: 0x000001,
  firstSampleFlags: 0x000004,
  sampleDuration: 0x000100,
  sampleSize: 0x000200,
  sampleFlags: 0x000400,
  sampleCompositionTimeOffset: 0x000800,
} as const;

/**
 * Track run (`trun`). Per-sample columns are typed arrays present exactly when their flag is set. Composition
 * offsets are signed (version 1; version 0 values are read with the same bits).
 */
export interface TrunBox {
  readonly type: 'trun';
  readonly version: number;
  readonly flags: number;
  readonly sampleCount: number;
  readonly dataOffset?: number;
  readonly firstSampleFlags?: number;
  readonly durations?: Uint32Array;
  readonly sizes?: Uint32Array;
  readonly sampleFlags?: Uint32Array;
  readonly compositionOffsets?: Int32Array;
}

/** Reads `trun`; the sample count is checked against the bytes left before anything is allocated. */
export function readTrun(c: Cursor): TrunBox {
  const version = c.u8();
  const flags = c.u24();
  const sampleCount = c.u32();
  const f = TRUN_FLAGS;
  const dataOffset = (flags & f.dataOffset) !== 0 ? c.i32() : undefined;
  const firstSampleFlags = (flags & f.firstSampleFlags) !== 0 ? c.u32() : undefined;
  const hasD = (flags & f.sampleDuration) !== 0;
  const hasS = (flags & f.sampleSize) !== 0;
  const hasF = (flags & f.sampleFlags) !== 0;
  const hasC = (flags & f.sampleCompositionTimeOffset) !== 0;
  const entrySize = 4 * (Number(hasD) + Number(hasS) + Number(hasF) + Number(hasC));
  c.needEntries(sampleCount, entrySize, 'trun');
  if (entrySize === 0 && sampleCount > MAX_TRUN_SAMPLES_WITHOUT_FIELDS) {
    throw isobmffError('ISOBMFF_TOO_LARGE', `trun: ${sampleCount} samples with no per-sample field, above the ${MAX_TRUN_SAMPLES_WITHOUT_FIELDS} accepted; the sample count is corrupt.`, { sampleCount });
  }
  const durations = hasD ? new Uint32Array(sampleCount) : undefined;
  const sizes = hasS ? new Uint32Array(sampleCount) : undefined;
  const sampleFlags = hasF ? new Uint32Array(sampleCount) : undefined;
  const compositionOffsets = hasC ? new Int32Array(sampleCount) : undefined;
  const v = c.view;
  let p = c.pos;
  for (let i = 0; entrySize > 0 && i < sampleCount; i++) {
    if (durations) { durations[i] = v.getUint32(p); p += 4; }
    if (sizes) { sizes[i] = v.getUint32(p); p += 4; }
    if (sampleFlags) { sampleFlags[i] = v.getUint32(p); p += 4; }
    if (compositionOffsets) { compositionOffsets[i] = v.getInt32(p); p += 4; }
  }
  c.pos = p;
  return {
    type: 'trun', version, flags, sampleCount,
    ...(dataOffset !== undefined ? { dataOffset } : {}),
    ...(firstSampleFlags !== undefined ? { firstSampleFlags } : {}),
    ...(durations ? { durations } : {}),
    ...(sizes ? { sizes } : {}),
    ...(sampleFlags ? { sampleFlags } : {}),
    ...(compositionOffsets ? { compositionOffsets } : {}),
  };
}

/** Writes `trun` (fields follow `flags`; missing values are written as 0). */
export function writeTrun(w: ByteSink, box: TrunBox): void {
  const f = TRUN_FLAGS;
  const flags = box.flags;
  w.fullBox('trun', box.version, flags, () => {
    w.u32(box.sampleCount);
    if ((flags & f.dataOffset) !== 0) w.i32(box.dataOffset ?? 0);
    if ((flags & f.firstSampleFlags) !== 0) w.u32(box.firstSampleFlags ?? 0);
    const hasD = (flags & f.sampleDuration) !== 0;
    const hasS = (flags & f.sampleSize) !== 0;
    const hasF = (flags & f.sampleFlags) !== 0;
    const hasC = (flags & f.sampleCompositionTimeOffset) !== 0;
    for (let i = 0; i < box.sampleCount; i++) {
      if (hasD) w.u32(box.durations?.[i] ?? 0);
      if (hasS) w.u32(box.sizes?.[i] ?? 0);
      if (hasF) w.u32(box.sampleFlags?.[i] ?? 0);
      if (hasC) w.i32(box.compositionOffsets?.[i] ?? 0);
    }
  });
}
