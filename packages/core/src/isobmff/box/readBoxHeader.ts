import type { Cursor } from '../cursor/Cursor.js';
import { isobmffError } from '../cursor/isobmffError.js';

/** Where a box lies, from its header (ISO/IEC 14496-12 §4.2). */
export interface BoxHeader {
  readonly type: string;
  /** Absolute index of the first header byte. */
  readonly start: number;
  /** 8, or 16 with a 64-bit `largesize`. */
  readonly headerSize: number;
  /** Total size in bytes, header included. */
  readonly size: number;
}

/**
 * Reads a box header at the cursor and checks the size against the bytes left. `size` 0 means "to the end of the
 * enclosing space" and `size` 1 a 64-bit `largesize`. Throws `ISOBMFF_INVALID_BOX` on sizes below the header and
 * `ISOBMFF_TRUNCATED` when the box overruns the data.
 */
export function readBoxHeader(c: Cursor): BoxHeader {
  const start = c.pos;
  c.need(8, 'box header');
  let size = c.u32();
  const type = c.fourcc();
  let headerSize = 8;
  if (size === 1) {
    size = c.u64();
    headerSize = 16;
  } else if (size === 0) {
    size = c.end - start;
  }
  if (size < headerSize) {
    throw isobmffError('ISOBMFF_INVALID_BOX', `Box '${printable(type)}' at offset ${start} declares size ${size}, smaller than its ${headerSize}-byte header; the data is corrupt.`, { offset: start, type, size });
  }
  if (size > c.end - start) {
    throw isobmffError('ISOBMFF_TRUNCATED', `Box '${printable(type)}' at offset ${start} declares ${size} bytes but only ${c.end - start} remain; the input is truncated.`, { offset: start, type, size, remaining: c.end - start });
  }
  return { type, start, headerSize, size };
}

/** The four-character code with non-printable bytes escaped, for messages. */
export function printable(type: string): string {
  return type.replace(/[^\x20-\x7e]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
