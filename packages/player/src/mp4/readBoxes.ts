/** One ISO-BMFF box found by {@link readBoxes}: its type, where its payload starts and ends. */
export interface BoxSpan {
  readonly type: string;
  /** Offset of the box header. */
  readonly start: number;
  /** Offset of the payload (after size/type/largesize). */
  readonly body: number;
  /** Offset just past the box. */
  readonly end: number;
}

/** Container boxes whose children hold what the player needs (ISO/IEC 14496-12 §8). */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'moof', 'traf', 'mvex', 'sinf', 'schi', 'edts', 'dinf']);

/** Reads the sibling boxes in `bytes[from, to)`; stops at a truncated box. */
export function readBoxes(bytes: Uint8Array, from = 0, to = bytes.length): BoxSpan[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: BoxSpan[] = [];
  let offset = from;
  while (offset + 8 <= to) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(bytes[offset + 4] ?? 0, bytes[offset + 5] ?? 0, bytes[offset + 6] ?? 0, bytes[offset + 7] ?? 0);
    let body = offset + 8;
    if (size === 1) {
      if (offset + 16 > to) break;
      size = Number(view.getBigUint64(offset + 8));
      body += 8;
    } else if (size === 0) {
      size = to - offset;
    }
    if (size < body - offset || offset + size > to) {
      // mdat of a partially loaded segment is still worth reporting: the caller checks `end`.
      boxes.push({ type, start: offset, body, end: offset + size });
      break;
    }
    boxes.push({ type, start: offset, body, end: offset + size });
    offset += size;
  }
  return boxes;
}

/** Finds boxes along a path such as `['moov', 'trak']` (every match at the last level). */
export function findBoxes(bytes: Uint8Array, path: readonly string[], from = 0, to = bytes.length): BoxSpan[] {
  const [head, ...rest] = path;
  if (head === undefined) return [];
  const found: BoxSpan[] = [];
  for (const box of readBoxes(bytes, from, to)) {
    if (box.type !== head) continue;
    if (rest.length === 0) found.push(box);
    else if (CONTAINERS.has(box.type)) found.push(...findBoxes(bytes, rest, box.body, Math.min(box.end, to)));
  }
  return found;
}

/** A DataView over `bytes` (respecting its offset). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export { toHex } from '@ott/core/media';
