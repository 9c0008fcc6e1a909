import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import type { Box } from '../box/Box.js';
import type { ReadContext, WriteContext } from '../box/BoxCodec.js';

/** Four-character codes of plain container boxes (no fields, only children). */
export type ContainerType =
  | 'moov' | 'trak' | 'mdia' | 'minf' | 'dinf' | 'stbl' | 'edts' | 'mvex' | 'moof' | 'traf' | 'mfra' | 'sinf' | 'schi';

/** A container box such as `moov`, `trak` or `traf`. */
export interface ContainerBox<T extends ContainerType = ContainerType> {
  readonly type: T;
  readonly children: readonly Box[];
}

/** Reads a container box. */
export function readContainer(c: Cursor, ctx: ReadContext): ContainerBox {
  return { type: ctx.type as ContainerType, children: ctx.children(c) };
}

/** Writes a container box. */
export function writeContainer(w: ByteSink, box: ContainerBox, ctx: WriteContext): void {
  w.box(box.type, () => {
    for (const child of box.children) ctx.child(child);
  });
}
