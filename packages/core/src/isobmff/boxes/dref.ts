import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import type { Box } from '../box/Box.js';
import type { ReadContext, WriteContext } from '../box/BoxCodec.js';

/**
 * A full box that holds an entry count and child boxes: data reference (`dref`, §8.7.2) or sample description
 * (`stsd`, §8.5.2, whose children are sample entries such as `avc1` or `mp4a`).
 */
export interface EntryListBox<T extends 'dref' | 'stsd' = 'dref' | 'stsd'> {
  readonly type: T;
  readonly version: number;
  readonly flags: number;
  readonly children: readonly Box[];
}

/** Reads `dref` / `stsd` (the entry count is re-derived from the children on write). */
export function readEntryList(c: Cursor, ctx: ReadContext): EntryListBox {
  const version = c.u8();
  const flags = c.u24();
  const count = c.u32();
  c.needEntries(count, 8, ctx.type);
  return { type: ctx.type as 'dref' | 'stsd', version, flags, children: ctx.children(c) };
}

/** Writes `dref` / `stsd`. */
export function writeEntryList(w: ByteSink, box: EntryListBox, ctx: WriteContext): void {
  w.fullBox(box.type, box.version, box.flags, () => {
    w.u32(box.children.length);
    for (const child of box.children) ctx.child(child);
  });
}
