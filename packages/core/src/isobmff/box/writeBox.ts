import type { ByteSink } from '../cursor/ByteSink.js';
import { DataViewSink } from '../cursor/DataViewSink.js';
import { SizeCounter } from '../cursor/SizeCounter.js';
import { isobmffError } from '../cursor/isobmffError.js';
import { writeOpaque } from '../boxes/opaque.js';
import type { OpaqueBox } from '../boxes/opaque.js';
import type { Box } from './Box.js';
import type { BoxWriter, WriteContext } from './BoxCodec.js';
import { defaultWriters } from './writers.js';

const writers = defaultWriters as unknown as Readonly<Record<string, BoxWriter>>;

/** Writes one box (header included) into a sink, dispatching on its type; `{ type, data }` boxes are written as-is. */
export function writeBoxTo(w: ByteSink, box: Box): void {
  const ctx: WriteContext = { child: (child) => writeBoxTo(w, child) };
  if ('data' in box) {
    writeOpaque(w, box as OpaqueBox);
    return;
  }
  const writer = writers[box.type];
  if (writer === undefined) {
    throw isobmffError('ISOBMFF_UNSUPPORTED', `No writer for box '${box.type}' and it has no raw 'data'; give it as { type, data }.`);
  }
  writer(w, box, ctx);
}

/**
 * Serialises boxes back to back. The size is computed first (a counting pass) and the output allocated once.
 *
 * @example
 * ```ts
 * declare const input: Uint8Array;
 * const bytes = writeBoxes(readBoxes(input)); // byte-identical for well-formed input
 * ```
 */
export function writeBoxes(boxes: readonly Box[]): Uint8Array {
  const counter = new SizeCounter();
  for (const box of boxes) writeBoxTo(counter, box);
  if (counter.size > 0xffffffff) {
    throw isobmffError('ISOBMFF_TOO_LARGE', `Serialised boxes would take ${counter.size} bytes; write mdat payloads separately.`);
  }
  const out = new Uint8Array(counter.size);
  const sink = new DataViewSink(out);
  for (const box of boxes) writeBoxTo(sink, box);
  return out;
}

/** Serialises one box. */
export function writeBox(box: Box): Uint8Array {
  return writeBoxes([box]);
}
