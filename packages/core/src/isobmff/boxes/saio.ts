import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Sample auxiliary information offsets (`saio`, ISO/IEC 14496-12 §8.7.9); offsets are relative like `tfhd`'s base. */
export interface SaioBox {
  readonly type: 'saio';
  readonly version: number;
  readonly flags: number;
  readonly auxInfoType?: string;
  readonly auxInfoTypeParameter?: number;
  readonly offsets: readonly number[];
}

/** Reads `saio` (64-bit offsets above 2^53 throw rather than lose precision). */
export function readSaio(c: Cursor): SaioBox {
  const version = c.u8();
  const flags = c.u24();
  const aux = (flags & 1) !== 0 ? { auxInfoType: c.fourcc(), auxInfoTypeParameter: c.u32() } : {};
  const count = c.u32();
  c.needEntries(count, version === 0 ? 4 : 8, 'saio');
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) offsets.push(version === 0 ? c.u32() : c.u64());
  return { type: 'saio', version, flags, ...aux, offsets };
}

/** Writes `saio`. */
export function writeSaio(w: ByteSink, box: SaioBox): void {
  w.fullBox('saio', box.version, box.flags, () => {
    if ((box.flags & 1) !== 0) {
      w.fourcc(box.auxInfoType ?? 'cenc');
      w.u32(box.auxInfoTypeParameter ?? 0);
    }
    w.u32(box.offsets.length);
    for (const offset of box.offsets) {
      if (box.version === 0) w.u32(offset);
      else w.u64(offset);
    }
  });
}
