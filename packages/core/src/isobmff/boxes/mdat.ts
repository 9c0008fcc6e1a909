import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Media data (`mdat`): a view of the payload (never copied) and where it starts in the bytes that were read. */
export interface MdatBox {
  readonly type: 'mdat';
  /** Offset of the payload's first byte in the buffer given to the reader. */
  readonly offset: number;
  readonly data: Uint8Array;
}

/** Reads `mdat` as a view. */
export function readMdat(c: Cursor): MdatBox {
  const offset = c.pos;
  return { type: 'mdat', offset, data: c.rest() };
}

/** Writes `mdat`. */
export function writeMdat(w: ByteSink, box: MdatBox): void {
  w.box('mdat', () => w.bytes(box.data));
}
