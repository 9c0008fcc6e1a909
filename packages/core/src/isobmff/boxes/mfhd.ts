import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Movie fragment header (`mfhd`), ISO/IEC 14496-12 §8.8.5. */
export interface MfhdBox {
  readonly type: 'mfhd';
  readonly version: number;
  readonly flags: number;
  readonly sequenceNumber: number;
}

/** Reads `mfhd`. */
export function readMfhd(c: Cursor): MfhdBox {
  const version = c.u8();
  const flags = c.u24();
  return { type: 'mfhd', version, flags, sequenceNumber: c.u32() };
}

/** Writes `mfhd`. */
export function writeMfhd(w: ByteSink, box: MfhdBox): void {
  w.fullBox('mfhd', box.version, box.flags, () => w.u32(box.sequenceNumber));
}
