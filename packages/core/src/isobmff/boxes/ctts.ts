import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/**
 * Composition time to sample (`ctts`), ISO/IEC 14496-12 §8.6.1.3: runs of (count, offset). Offsets are read as
 * signed 32-bit for both versions (version 0 files in the wild store negative offsets that way); bytes round-trip.
 */
export interface CttsBox {
  readonly type: 'ctts';
  readonly version: number;
  readonly flags: number;
  readonly sampleCounts: Uint32Array;
  readonly sampleOffsets: Int32Array;
}

/** Reads `ctts`. */
export function readCtts(c: Cursor): CttsBox {
  const version = c.u8();
  const flags = c.u24();
  const count = c.u32();
  c.needEntries(count, 8, 'ctts');
  const sampleCounts = new Uint32Array(count);
  const sampleOffsets = new Int32Array(count);
  const v = c.view;
  let p = c.pos;
  for (let i = 0; i < count; i++, p += 8) {
    sampleCounts[i] = v.getUint32(p);
    sampleOffsets[i] = v.getInt32(p + 4);
  }
  c.pos = p;
  return { type: 'ctts', version, flags, sampleCounts, sampleOffsets };
}

/** Writes `ctts`. */
export function writeCtts(w: ByteSink, box: CttsBox): void {
  w.fullBox('ctts', box.version, box.flags, () => {
    w.u32(box.sampleCounts.length);
    for (let i = 0; i < box.sampleCounts.length; i++) {
      w.u32(box.sampleCounts[i] ?? 0);
      w.i32(box.sampleOffsets[i] ?? 0);
    }
  });
}
