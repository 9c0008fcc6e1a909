import { readBoxes, viewOf } from './readBoxes.js';

/** One subsegment reference of a `sidx`, resolved to absolute byte ranges and times in seconds. */
export interface SidxReference {
  readonly offset: number;
  readonly length: number;
  readonly start: number;
  readonly duration: number;
}

/**
 * Reads the first `sidx` in `bytes` (ISO/IEC 14496-12 §8.16.3). `bytesOffset` is where `bytes` starts in the
 * file, so offsets come out absolute (anchor = first byte after the sidx + first_offset).
 */
export function readSidx(bytes: Uint8Array, bytesOffset: number): SidxReference[] {
  const box = readBoxes(bytes).find((b) => b.type === 'sidx');
  if (!box) return [];
  const view = viewOf(bytes);
  const version = bytes[box.body] ?? 0;
  let at = box.body + 8;
  const timescale = view.getUint32(at);
  at += 4;
  let time: number;
  let firstOffset: number;
  if (version === 0) {
    time = view.getUint32(at);
    firstOffset = view.getUint32(at + 4);
    at += 8;
  } else {
    time = Number(view.getBigUint64(at));
    firstOffset = Number(view.getBigUint64(at + 8));
    at += 16;
  }
  const count = view.getUint16(at + 2);
  at += 4;
  let offset = bytesOffset + box.end + firstOffset;
  const refs: SidxReference[] = [];
  for (let i = 0; i < count; i++) {
    const size = view.getUint32(at) & 0x7fffffff;
    const duration = view.getUint32(at + 4);
    refs.push({ offset, length: size, start: time / timescale, duration: duration / timescale });
    offset += size;
    time += duration;
    at += 12;
  }
  return refs;
}
