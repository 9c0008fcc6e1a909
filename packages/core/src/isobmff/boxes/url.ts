import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Data entry URL box (`url `), ISO/IEC 14496-12 §8.7.2; flags 1 = media is in the same file. */
export interface UrlBox {
  readonly type: 'url ';
  readonly version: number;
  readonly flags: number;
  readonly location?: string;
}

/** Reads `url `. */
export function readUrl(c: Cursor): UrlBox {
  const version = c.u8();
  const flags = c.u24();
  if ((flags & 1) !== 0 || c.remaining === 0) return { type: 'url ', version, flags };
  return { type: 'url ', version, flags, location: c.cstring() };
}

/** Writes `url `. */
export function writeUrl(w: ByteSink, box: UrlBox): void {
  w.fullBox('url ', box.version, box.flags, () => {
    if (box.location !== undefined) w.cstring(box.location);
  });
}
