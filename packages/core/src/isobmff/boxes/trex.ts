import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Track extends (`trex`), ISO/IEC 14496-12 §8.8.3: per-track defaults for fragments. */
export interface TrexBox {
  readonly type: 'trex';
  readonly version: number;
  readonly flags: number;
  readonly trackId: number;
  readonly defaultSampleDescriptionIndex: number;
  readonly defaultSampleDuration: number;
  readonly defaultSampleSize: number;
  readonly defaultSampleFlags: number;
}

/** Reads `trex`. */
export function readTrex(c: Cursor): TrexBox {
  const version = c.u8();
  const flags = c.u24();
  return {
    type: 'trex', version, flags, trackId: c.u32(), defaultSampleDescriptionIndex: c.u32(), defaultSampleDuration: c.u32(),
    defaultSampleSize: c.u32(), defaultSampleFlags: c.u32(),
  };
}

/** Writes `trex`. */
export function writeTrex(w: ByteSink, box: TrexBox): void {
  w.fullBox('trex', box.version, box.flags, () => {
    w.u32(box.trackId);
    w.u32(box.defaultSampleDescriptionIndex);
    w.u32(box.defaultSampleDuration);
    w.u32(box.defaultSampleSize);
    w.u32(box.defaultSampleFlags);
  });
}
