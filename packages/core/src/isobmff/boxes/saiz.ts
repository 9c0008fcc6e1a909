import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Sample auxiliary information sizes (`saiz`, ISO/IEC 14496-12 §8.7.8). */
export interface SaizBox {
  readonly type: 'saiz';
  readonly version: number;
  readonly flags: number;
  /** Present when `flags & 1`. */
  readonly auxInfoType?: string;
  readonly auxInfoTypeParameter?: number;
  /** Size of every sample's info, or 0 when `sampleInfoSizes` lists them. */
  readonly defaultSampleInfoSize: number;
  readonly sampleCount: number;
  readonly sampleInfoSizes?: Uint8Array;
}

/** Reads `saiz`. */
export function readSaiz(c: Cursor): SaizBox {
  const version = c.u8();
  const flags = c.u24();
  const aux = (flags & 1) !== 0 ? { auxInfoType: c.fourcc(), auxInfoTypeParameter: c.u32() } : {};
  const defaultSampleInfoSize = c.u8();
  const sampleCount = c.u32();
  if (defaultSampleInfoSize !== 0) return { type: 'saiz', version, flags, ...aux, defaultSampleInfoSize, sampleCount };
  c.needEntries(sampleCount, 1, 'saiz');
  return { type: 'saiz', version, flags, ...aux, defaultSampleInfoSize, sampleCount, sampleInfoSizes: c.bytesView(sampleCount) };
}

/** Writes `saiz`. */
export function writeSaiz(w: ByteSink, box: SaizBox): void {
  w.fullBox('saiz', box.version, box.flags, () => {
    if ((box.flags & 1) !== 0) {
      w.fourcc(box.auxInfoType ?? 'cenc');
      w.u32(box.auxInfoTypeParameter ?? 0);
    }
    w.u8(box.defaultSampleInfoSize);
    w.u32(box.sampleCount);
    if (box.defaultSampleInfoSize === 0) w.bytes(box.sampleInfoSizes ?? new Uint8Array(box.sampleCount));
  });
}
