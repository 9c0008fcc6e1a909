import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import type { ReadContext } from '../box/BoxCodec.js';

/**
 * A box kept as its payload bytes (a view, not a copy): unknown boxes, `free`/`skip`, `uuid` (payload starts with the
 * 16-byte user type), decoder configurations (`avcC`, `hvcC`, `esds`, …) and encryption boxes. Written back verbatim.
 */
export interface OpaqueBox {
  readonly type: string;
  readonly data: Uint8Array;
}

/** Reads any box as {@link OpaqueBox}. */
export function readOpaque(c: Cursor, ctx: ReadContext): OpaqueBox {
  return { type: ctx.type, data: c.rest() };
}

/** Writes an {@link OpaqueBox}. */
export function writeOpaque(w: ByteSink, box: OpaqueBox): void {
  w.box(box.type, () => w.bytes(box.data));
}
