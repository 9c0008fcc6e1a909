import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import { isobmffError } from '../cursor/isobmffError.js';

/** Track fragment decode time (`tfdt`), ISO/IEC 14496-12 §8.8.12. */
export interface TfdtBox {
  readonly type: 'tfdt';
  readonly version: number;
  readonly flags: number;
  /** Checked number (≤ 2^53). */
  readonly baseMediaDecodeTime: number;
}

/** Reads `tfdt`. */
export function readTfdt(c: Cursor): TfdtBox {
  const version = c.u8();
  const flags = c.u24();
  return { type: 'tfdt', version, flags, baseMediaDecodeTime: version === 1 ? c.u64() : c.u32() };
}

/** Writes `tfdt`; a version 0 box whose time does not fit 32 bits throws (use version 1). */
export function writeTfdt(w: ByteSink, box: TfdtBox): void {
  w.fullBox('tfdt', box.version, box.flags, () => {
    if (box.version === 1) w.u64(box.baseMediaDecodeTime);
    else if (box.baseMediaDecodeTime > 0xffffffff) {
      throw isobmffError('ISOBMFF_TOO_LARGE', `tfdt version 0 cannot hold ${box.baseMediaDecodeTime}; write version 1.`);
    } else w.u32(box.baseMediaDecodeTime);
  });
}
