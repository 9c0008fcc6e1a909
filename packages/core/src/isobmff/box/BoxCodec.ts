import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import type { Box } from './Box.js';

/** What a box reader gets besides its cursor (limited to the box payload). */
export interface ReadContext {
  /** Four-character code of the box being read. */
  readonly type: string;
  /** Nesting depth of this box (top level is 0). */
  readonly depth: number;
  /** Reads child boxes until the cursor's end (depth-limited). */
  readonly children: (c: Cursor) => Box[];
}

/** Reads the payload of one box (after its header). */
export type BoxReader = (c: Cursor, ctx: ReadContext) => Box;

/** What a box writer gets besides its sink. */
export interface WriteContext {
  /** Writes any box (header included) through the writer table. */
  readonly child: (box: Box) => void;
}

/** Writes one whole box, header included. */
export type BoxWriter<B = Box> = (w: ByteSink, box: B, ctx: WriteContext) => void;
