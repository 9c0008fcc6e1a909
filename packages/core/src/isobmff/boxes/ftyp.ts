import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import type { ReadContext } from '../box/BoxCodec.js';

/** File type box (`ftyp`) or segment type box (`styp`), ISO/IEC 14496-12 §4.3. */
export interface FtypBox {
  readonly type: 'ftyp' | 'styp';
  readonly majorBrand: string;
  readonly minorVersion: number;
  readonly compatibleBrands: readonly string[];
}

/** Reads `ftyp` / `styp`. */
export function readFtyp(c: Cursor, ctx: ReadContext): FtypBox {
  const majorBrand = c.fourcc();
  const minorVersion = c.u32();
  const compatibleBrands: string[] = [];
  while (c.remaining >= 4) compatibleBrands.push(c.fourcc());
  return { type: ctx.type as 'ftyp' | 'styp', majorBrand, minorVersion, compatibleBrands };
}

/** Writes `ftyp` / `styp`. */
export function writeFtyp(w: ByteSink, box: FtypBox): void {
  w.box(box.type, () => {
    w.fourcc(box.majorBrand);
    w.u32(box.minorVersion);
    for (const brand of box.compatibleBrands) w.fourcc(brand);
  });
}
