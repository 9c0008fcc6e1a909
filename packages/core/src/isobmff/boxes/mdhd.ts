import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Media header (`mdhd`), ISO/IEC 14496-12 §8.4.2. */
export interface MdhdBox {
  readonly type: 'mdhd';
  readonly version: number;
  readonly flags: number;
  readonly creationTime: number;
  readonly modificationTime: number;
  readonly timescale: number;
  /** -1 when unknown (all ones in a version 1 box). */
  readonly duration: number;
  /** ISO 639-2/T code, e.g. `und`, `eng`. */
  readonly language: string;
}

/** Reads `mdhd`. */
export function readMdhd(c: Cursor): MdhdBox {
  const version = c.u8();
  const flags = c.u24();
  const v1 = version === 1;
  const creationTime = v1 ? c.u64() : c.u32();
  const modificationTime = v1 ? c.u64() : c.u32();
  const timescale = c.u32();
  const duration = v1 ? c.u64Duration() : c.u32();
  const packed = c.u16();
  c.skip(2);
  // Three 5-bit letters offset by 0x60 (§8.4.2.3).
  const language = String.fromCharCode(((packed >> 10) & 31) + 0x60, ((packed >> 5) & 31) + 0x60, (packed & 31) + 0x60);
  return { type: 'mdhd', version, flags, creationTime, modificationTime, timescale, duration, language };
}

/** Writes `mdhd`. */
export function writeMdhd(w: ByteSink, box: MdhdBox): void {
  const v1 = box.version === 1;
  w.fullBox('mdhd', box.version, box.flags, () => {
    if (v1) {
      w.u64(box.creationTime);
      w.u64(box.modificationTime);
      w.u32(box.timescale);
      w.u64(box.duration);
    } else {
      w.u32(box.creationTime);
      w.u32(box.modificationTime);
      w.u32(box.timescale);
      w.u32(box.duration);
    }
    const lang = box.language.length === 3 ? box.language : 'und';
    const code = (i: number): number => (lang.charCodeAt(i) - 0x60) & 31;
    w.u16((code(0) << 10) | (code(1) << 5) | code(2));
    w.u16(0);
  });
}
