import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Video media header (`vmhd`), ISO/IEC 14496-12 §12.1.2 (flags are 1). */
export interface VmhdBox {
  readonly type: 'vmhd';
  readonly version: number;
  readonly flags: number;
  readonly graphicsMode: number;
  readonly opcolor: readonly [number, number, number];
}

/** Reads `vmhd`. */
export function readVmhd(c: Cursor): VmhdBox {
  const version = c.u8();
  const flags = c.u24();
  return { type: 'vmhd', version, flags, graphicsMode: c.u16(), opcolor: [c.u16(), c.u16(), c.u16()] };
}

/** Writes `vmhd`. */
export function writeVmhd(w: ByteSink, box: VmhdBox): void {
  w.fullBox('vmhd', box.version, box.flags, () => {
    w.u16(box.graphicsMode);
    for (const v of box.opcolor) w.u16(v);
  });
}
