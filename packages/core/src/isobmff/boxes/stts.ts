import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Decoding time to sample (`stts`), ISO/IEC 14496-12 §8.6.1.2: runs of (count, delta). */
export interface SttsBox {
  readonly type: 'stts';
  readonly version: number;
  readonly flags: number;
  readonly sampleCounts: Uint32Array;
  readonly sampleDeltas: Uint32Array;
}

/** Reads `stts`. */
export function readStts(c: Cursor): SttsBox {
  const version = c.u8();
  const flags = c.u24();
  const count = c.u32();
  c.needEntries(count, 8, 'stts');
  const sampleCounts = new Uint32Array(count);
  const sampleDeltas = new Uint32Array(count);
  const v = c.view;
  let p = c.pos;
  for (let i = 0; i < count; i++, p += 8) {
    sampleCounts[i] = v.getUint32(p);
    sampleDeltas[i] = v.getUint32(p + 4);
  }
  c.pos = p;
  return { type: 'stts', version, flags, sampleCounts, sampleDeltas };
}

/** Writes `stts`. */
export function writeStts(w: ByteSink, box: SttsBox): void {
  w.fullBox('stts', box.version, box.flags, () => {
    w.u32(box.sampleCounts.length);
    for (let i = 0; i < box.sampleCounts.length; i++) {
      w.u32(box.sampleCounts[i] ?? 0);
      w.u32(box.sampleDeltas[i] ?? 0);
    }
  });
}
