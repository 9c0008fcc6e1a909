import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import { isobmffError } from '../cursor/isobmffError.js';

/**
 * Chunk offsets (`stco` 32-bit or `co64` 64-bit), ISO/IEC 14496-12 §8.7.5. `co64` offsets above 2^53 are rejected
 * (`ISOBMFF_TOO_LARGE`) instead of being rounded.
 */
export interface ChunkOffsetBox {
  readonly type: 'stco' | 'co64';
  readonly version: number;
  readonly flags: number;
  readonly chunkOffsets: Float64Array;
}

/** Reads `stco` / `co64`. */
export function readChunkOffsets(c: Cursor, ctx: { readonly type: string }): ChunkOffsetBox {
  const type = ctx.type === 'co64' ? 'co64' : 'stco';
  const version = c.u8();
  const flags = c.u24();
  const count = c.u32();
  const wide = type === 'co64';
  c.needEntries(count, wide ? 8 : 4, type);
  const chunkOffsets = new Float64Array(count);
  const v = c.view;
  let p = c.pos;
  for (let i = 0; i < count; i++) {
    if (wide) {
      const hi = v.getUint32(p);
      if (hi >= 0x200000) throw isobmffError('ISOBMFF_TOO_LARGE', `co64 entry ${i} exceeds 2^53 bytes; the chunk offset table is corrupt.`);
      chunkOffsets[i] = hi * 4294967296 + v.getUint32(p + 4);
      p += 8;
    } else {
      chunkOffsets[i] = v.getUint32(p);
      p += 4;
    }
  }
  c.pos = p;
  return { type, version, flags, chunkOffsets };
}

/** Writes `stco` / `co64` (an `stco` offset above 2^32 throws `ISOBMFF_TOO_LARGE`: use `co64`). */
export function writeChunkOffsets(w: ByteSink, box: ChunkOffsetBox): void {
  w.fullBox(box.type, box.version, box.flags, () => {
    w.u32(box.chunkOffsets.length);
    for (const o of box.chunkOffsets) {
      if (box.type === 'co64') w.u64(o);
      else if (o > 0xffffffff) throw isobmffError('ISOBMFF_TOO_LARGE', `Chunk offset ${o} does not fit stco; write a co64 box instead.`);
      else w.u32(o);
    }
  });
}
