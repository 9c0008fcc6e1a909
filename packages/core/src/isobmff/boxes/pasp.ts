import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Pixel aspect ratio box (`pasp`), ISO/IEC 14496-12 §12.1.4. */
export interface PaspBox {
  readonly type: 'pasp';
  readonly hSpacing: number;
  readonly vSpacing: number;
}

/** Reads `pasp`. */
export function readPasp(c: Cursor): PaspBox {
  return { type: 'pasp', hSpacing: c.u32(), vSpacing: c.u32() };
}

/** Writes `pasp`. */
export function writePasp(w: ByteSink, box: PaspBox): void {
  w.box('pasp', () => {
    w.u32(box.hSpacing);
    w.u32(box.vSpacing);
  });
}
