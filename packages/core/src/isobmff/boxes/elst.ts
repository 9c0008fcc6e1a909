import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import { isobmffError } from '../cursor/isobmffError.js';

/** One edit of an edit list. `mediaTime` -1 is an empty edit. */
export interface ElstEntry {
  readonly segmentDuration: number;
  readonly mediaTime: number;
  readonly mediaRateInteger: number;
  readonly mediaRateFraction: number;
}

/** Edit list (`elst`), ISO/IEC 14496-12 §8.6.6. */
export interface ElstBox {
  readonly type: 'elst';
  readonly version: number;
  readonly flags: number;
  readonly entries: readonly ElstEntry[];
}

function readI64(c: Cursor): number {
  const hi = c.i32();
  const lo = c.u32();
  const v = hi * 4294967296 + lo;
  if (!Number.isSafeInteger(v)) throw isobmffError('ISOBMFF_TOO_LARGE', `elst media_time ${v} exceeds 2^53; the edit list is corrupt.`);
  return v;
}

/** Reads `elst`. */
export function readElst(c: Cursor): ElstBox {
  const version = c.u8();
  const flags = c.u24();
  const count = c.u32();
  c.needEntries(count, version === 1 ? 20 : 12, 'elst');
  const entries: ElstEntry[] = [];
  for (let i = 0; i < count; i++) {
    const segmentDuration = version === 1 ? c.u64Duration() : c.u32();
    const mediaTime = version === 1 ? readI64(c) : c.i32();
    entries.push({ segmentDuration, mediaTime, mediaRateInteger: c.i16(), mediaRateFraction: c.i16() });
  }
  return { type: 'elst', version, flags, entries };
}

/** Writes `elst`. */
export function writeElst(w: ByteSink, box: ElstBox): void {
  w.fullBox('elst', box.version, box.flags, () => {
    w.u32(box.entries.length);
    for (const e of box.entries) {
      if (box.version === 1) {
        w.u64(e.segmentDuration);
        const hi = Math.floor(e.mediaTime / 4294967296);
        w.i32(hi);
        w.u32(e.mediaTime - hi * 4294967296);
      } else {
        w.u32(e.segmentDuration);
        w.i32(e.mediaTime);
      }
      w.i16(e.mediaRateInteger);
      w.i16(e.mediaRateFraction);
    }
  });
}
