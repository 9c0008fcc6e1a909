import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Sound media header (`smhd`), ISO/IEC 14496-12 §12.2.2. */
export interface SmhdBox {
  readonly type: 'smhd';
  readonly version: number;
  readonly flags: number;
  /** 8.8 fixed point, 0 = centre. */
  readonly balance: number;
}

/** Reads `smhd`. */
export function readSmhd(c: Cursor): SmhdBox {
  const version = c.u8();
  const flags = c.u24();
  const balance = c.i16();
  c.skip(2);
  return { type: 'smhd', version, flags, balance };
}

/** Writes `smhd`. */
export function writeSmhd(w: ByteSink, box: SmhdBox): void {
  w.fullBox('smhd', box.version, box.flags, () => {
    w.i16(box.balance);
    w.u16(0);
  });
}
