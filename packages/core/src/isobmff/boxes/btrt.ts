import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Bit rate box (`btrt`), ISO/IEC 14496-12 §8.5.2.2. */
export interface BtrtBox {
  readonly type: 'btrt';
  readonly bufferSizeDB: number;
  readonly maxBitrate: number;
  readonly avgBitrate: number;
}

/** Reads `btrt`. */
export function readBtrt(c: Cursor): BtrtBox {
  return { type: 'btrt', bufferSizeDB: c.u32(), maxBitrate: c.u32(), avgBitrate: c.u32() };
}

/** Writes `btrt`. */
export function writeBtrt(w: ByteSink, box: BtrtBox): void {
  w.box('btrt', () => {
    w.u32(box.bufferSizeDB);
    w.u32(box.maxBitrate);
    w.u32(box.avgBitrate);
  });
}
