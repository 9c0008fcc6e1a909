import { Cursor } from '../cursor/Cursor.js';
import { isobmffError } from '../cursor/isobmffError.js';
import { readOpaque } from '../boxes/opaque.js';
import type { Box, FourCC } from './Box.js';
import type { BoxReader, ReadContext } from './BoxCodec.js';
import { readBoxHeader } from './readBoxHeader.js';
import { defaultReaders } from './readers.js';

/** Options of {@link readBoxes}. */
export interface ReadBoxesOptions {
  /** Reader table; defaults to {@link defaultReaders}. Unlisted types are read as opaque bytes. */
  readonly readers?: Readonly<Record<FourCC, BoxReader>>;
  /** Maximum nesting depth before `ISOBMFF_INVALID_BOX` (default 16). */
  readonly maxDepth?: number;
}

/**
 * Reads a sequence of boxes (a whole file, a segment, or a box payload) into plain objects.
 *
 * @example
 * ```ts
 * declare const initSegmentBytes: Uint8Array;
 * const [ftyp, moov] = readBoxes(initSegmentBytes);
 * ```
 * @throws OttError `ISOBMFF_TRUNCATED` / `ISOBMFF_INVALID_BOX` / `ISOBMFF_TOO_LARGE` on malformed input.
 */
export function readBoxes(bytes: Uint8Array, options: ReadBoxesOptions = {}): Box[] {
  const readers = options.readers ?? defaultReaders;
  const maxDepth = options.maxDepth ?? 16;
  const readChildren = (c: Cursor, depth: number): Box[] => {
    if (depth > maxDepth) {
      throw isobmffError('ISOBMFF_INVALID_BOX', `Boxes nest deeper than ${maxDepth} levels at offset ${c.pos}; the data is corrupt or hostile.`, { offset: c.pos });
    }
    const boxes: Box[] = [];
    while (c.remaining > 0) {
      // Trailing bytes too short for a header (some muxers pad containers with zeros) are tolerated.
      if (c.remaining < 8) {
        c.pos = c.end;
        break;
      }
      const header = readBoxHeader(c);
      const end = header.start + header.size;
      const child = new Cursor(c.bytes, header.start + header.headerSize, end);
      const reader = readers[header.type] ?? readOpaque;
      const ctx: ReadContext = { type: header.type, depth, children: (cc) => readChildren(cc, depth + 1) };
      boxes.push(reader(child, ctx));
      c.pos = end;
    }
    return boxes;
  };
  return readChildren(new Cursor(bytes), 0);
}

/** Reads exactly one box from the start of `bytes` (e.g. a sample entry). */
export function readBox(bytes: Uint8Array, options: ReadBoxesOptions = {}): Box {
  const c = new Cursor(bytes);
  const header = readBoxHeader(c);
  const [box] = readBoxes(bytes.subarray(0, header.size), options);
  if (box === undefined) throw isobmffError('ISOBMFF_TRUNCATED', 'Expected one box, found none.');
  return box;
}
