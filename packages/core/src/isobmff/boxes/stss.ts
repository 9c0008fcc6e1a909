import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Sync sample table (`stss`), ISO/IEC 14496-12 §8.6.2: 1-based numbers of the sync samples. */
export interface StssBox {
  readonly type: 'stss';
  readonly version: number;
  readonly flags: number;
  readonly sampleNumbers: Uint32Array;
}

/** Reads `stss`. */
export function readStss(c: Cursor): StssBox {
  const version = c.u8();
  const flags = c.u24();
  const count = c.u32();
  c.needEntries(count, 4, 'stss');
  const sampleNumbers = new Uint32Array(count);
  for (let i = 0; i < count; i++) sampleNumbers[i] = c.view.getUint32(c.pos + i * 4);
  c.pos += count * 4;
  return { type: 'stss', version, flags, sampleNumbers };
}

/** Writes `stss`. */
export function writeStss(w: ByteSink, box: StssBox): void {
  w.fullBox('stss', box.version, box.flags, () => {
    w.u32(box.sampleNumbers.length);
    for (const n of box.sampleNumbers) w.u32(n);
  });
}
