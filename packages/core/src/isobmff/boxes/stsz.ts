import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/**
 * Sample size box (`stsz`), ISO/IEC 14496-12 §8.7.3.2. When `sampleSize` is non-zero every sample has that size and
 * `entrySizes` is empty; otherwise `entrySizes` has `sampleCount` entries.
 */
export interface StszBox {
  readonly type: 'stsz';
  readonly version: number;
  readonly flags: number;
  readonly sampleSize: number;
  readonly sampleCount: number;
  readonly entrySizes: Uint32Array;
}

/** Reads `stsz`. */
export function readStsz(c: Cursor): StszBox {
  const version = c.u8();
  const flags = c.u24();
  const sampleSize = c.u32();
  const sampleCount = c.u32();
  let entrySizes = new Uint32Array(0);
  if (sampleSize === 0) {
    c.needEntries(sampleCount, 4, 'stsz');
    entrySizes = new Uint32Array(sampleCount);
    const v = c.view;
    const p = c.pos;
    for (let i = 0; i < sampleCount; i++) entrySizes[i] = v.getUint32(p + i * 4);
    c.pos = p + sampleCount * 4;
  }
  return { type: 'stsz', version, flags, sampleSize, sampleCount, entrySizes };
}

/** Writes `stsz`. */
export function writeStsz(w: ByteSink, box: StszBox): void {
  w.fullBox('stsz', box.version, box.flags, () => {
    w.u32(box.sampleSize);
    w.u32(box.sampleSize === 0 ? box.entrySizes.length : box.sampleCount);
    if (box.sampleSize === 0) for (const s of box.entrySizes) w.u32(s);
  });
}
