import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Movie extends header (`mehd`), ISO/IEC 14496-12 §8.8.2. */
export interface MehdBox {
  readonly type: 'mehd';
  readonly version: number;
  readonly flags: number;
  readonly fragmentDuration: number;
}

/** Reads `mehd`. */
export function readMehd(c: Cursor): MehdBox {
  const version = c.u8();
  const flags = c.u24();
  return { type: 'mehd', version, flags, fragmentDuration: version === 1 ? c.u64Duration() : c.u32() };
}

/** Writes `mehd`. */
export function writeMehd(w: ByteSink, box: MehdBox): void {
  w.fullBox('mehd', box.version, box.flags, () => (box.version === 1 ? w.u64(box.fragmentDuration) : w.u32(box.fragmentDuration)));
}
