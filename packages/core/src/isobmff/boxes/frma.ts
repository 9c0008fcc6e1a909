import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Original format (`frma`, ISO/IEC 14496-12 §8.12.2): the sample entry type before `encv`/`enca`. */
export interface FrmaBox {
  readonly type: 'frma';
  readonly dataFormat: string;
}

/** Reads `frma`. */
export function readFrma(c: Cursor): FrmaBox {
  return { type: 'frma', dataFormat: c.fourcc() };
}

/** Writes `frma`. */
export function writeFrma(w: ByteSink, box: FrmaBox): void {
  w.box('frma', () => w.fourcc(box.dataFormat));
}
