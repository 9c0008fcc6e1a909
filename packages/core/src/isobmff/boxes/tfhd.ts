import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** `tfhd` flag bits, ISO/IEC 14496-12 §8.8.7.1. */
export const TFHD_FLAGS = {
  baseDataOffset: 0x000001,
  sampleDescriptionIndex: 0x000002,
  defaultSampleDuration: 0x000008,
  defaultSampleSize: 0x000010,
  defaultSampleFlags: 0x000020,
  durationIsEmpty: 0x010000,
  defaultBaseIsMoof: 0x020000,
} as const;

/** Track fragment header (`tfhd`); optional fields are present exactly when their flag is set. */
export interface TfhdBox {
  readonly type: 'tfhd';
  readonly version: number;
  readonly flags: number;
  readonly trackId: number;
  readonly baseDataOffset?: number;
  readonly sampleDescriptionIndex?: number;
  readonly defaultSampleDuration?: number;
  readonly defaultSampleSize?: number;
  readonly defaultSampleFlags?: number;
}

/** Reads `tfhd`. */
export function readTfhd(c: Cursor): TfhdBox {
  const version = c.u8();
  const flags = c.u24();
  const trackId = c.u32();
  const f = TFHD_FLAGS;
  return {
    type: 'tfhd', version, flags, trackId,
    ...((flags & f.baseDataOffset) !== 0 ? { baseDataOffset: c.u64() } : {}),
    ...((flags & f.sampleDescriptionIndex) !== 0 ? { sampleDescriptionIndex: c.u32() } : {}),
    ...((flags & f.defaultSampleDuration) !== 0 ? { defaultSampleDuration: c.u32() } : {}),
    ...((flags & f.defaultSampleSize) !== 0 ? { defaultSampleSize: c.u32() } : {}),
    ...((flags & f.defaultSampleFlags) !== 0 ? { defaultSampleFlags: c.u32() } : {}),
  };
}

/** Writes `tfhd` (the fields written follow `flags`; a missing field is written as 0). */
export function writeTfhd(w: ByteSink, box: TfhdBox): void {
  const f = TFHD_FLAGS;
  w.fullBox('tfhd', box.version, box.flags, () => {
    w.u32(box.trackId);
    if ((box.flags & f.baseDataOffset) !== 0) w.u64(box.baseDataOffset ?? 0);
    if ((box.flags & f.sampleDescriptionIndex) !== 0) w.u32(box.sampleDescriptionIndex ?? 0);
    if ((box.flags & f.defaultSampleDuration) !== 0) w.u32(box.defaultSampleDuration ?? 0);
    if ((box.flags & f.defaultSampleSize) !== 0) w.u32(box.defaultSampleSize ?? 0);
    if ((box.flags & f.defaultSampleFlags) !== 0) w.u32(box.defaultSampleFlags ?? 0);
  });
}
