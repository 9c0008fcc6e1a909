import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Sample to chunk (`stsc`), ISO/IEC 14496-12 §8.7.4: runs starting at 1-based chunk numbers. */
export interface StscBox {
  readonly type: 'stsc';
  readonly version: number;
  readonly flags: number;
  readonly firstChunks: Uint32Array;
  readonly samplesPerChunk: Uint32Array;
  readonly sampleDescriptionIndices: Uint32Array;
}

/** Reads `stsc`. */
export function readStsc(c: Cursor): StscBox {
  const version = c.u8();
  const flags = c.u24();
  const count = c.u32();
  c.needEntries(count, 12, 'stsc');
  const firstChunks = new Uint32Array(count);
  const samplesPerChunk = new Uint32Array(count);
  const sampleDescriptionIndices = new Uint32Array(count);
  const v = c.view;
  let p = c.pos;
  for (let i = 0; i < count; i++, p += 12) {
    firstChunks[i] = v.getUint32(p);
    samplesPerChunk[i] = v.getUint32(p + 4);
    sampleDescriptionIndices[i] = v.getUint32(p + 8);
  }
  c.pos = p;
  return { type: 'stsc', version, flags, firstChunks, samplesPerChunk, sampleDescriptionIndices };
}

/** Writes `stsc`. */
export function writeStsc(w: ByteSink, box: StscBox): void {
  w.fullBox('stsc', box.version, box.flags, () => {
    w.u32(box.firstChunks.length);
    for (let i = 0; i < box.firstChunks.length; i++) {
      w.u32(box.firstChunks[i] ?? 0);
      w.u32(box.samplesPerChunk[i] ?? 0);
      w.u32(box.sampleDescriptionIndices[i] ?? 0);
    }
  });
}
