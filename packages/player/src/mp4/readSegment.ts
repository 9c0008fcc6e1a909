import { findBoxes, readBoxes, viewOf } from './readBoxes.js';

/** What {@link readSegment} learns from a media segment's boxes. */
export interface SegmentInfo {
  /** Whether it holds at least one `moof` followed by an `mdat` that fits in the bytes. */
  readonly valid: boolean;
  /** `tfdt` baseMediaDecodeTime per track ID, from the first `moof`. */
  readonly decodeTimes: ReadonlyMap<number, number>;
}

/** MPEG-TS packets start with sync byte 0x47 every 188 bytes. */
export function isMpegTs(bytes: Uint8Array): boolean {
  return bytes.length >= 376 && bytes[0] === 0x47 && bytes[188] === 0x47;
}

/** Checks the box structure of an fMP4 media segment and reads its first decode times (ISO/IEC 14496-12 §8.8.12). */
export function readSegment(bytes: Uint8Array): SegmentInfo {
  const boxes = readBoxes(bytes);
  const known = new Set(['styp', 'sidx', 'moof', 'mdat', 'emsg', 'prft', 'free', 'skip', 'ssix', 'uuid']);
  const moofAt = boxes.findIndex((b) => b.type === 'moof');
  const valid = moofAt >= 0 && boxes.every((b) => known.has(b.type) && b.end <= bytes.length) && boxes.some((b, i) => i > moofAt && b.type === 'mdat');
  const decodeTimes = new Map<number, number>();
  const moof = boxes[moofAt];
  if (moof) {
    const view = viewOf(bytes);
    for (const traf of findBoxes(bytes, ['traf'], moof.body, moof.end)) {
      const tfhd = findBoxes(bytes, ['tfhd'], traf.body, traf.end)[0];
      const tfdt = findBoxes(bytes, ['tfdt'], traf.body, traf.end)[0];
      if (!tfhd || !tfdt) continue;
      const time = bytes[tfdt.body] === 1 ? Number(view.getBigUint64(tfdt.body + 4)) : view.getUint32(tfdt.body + 4);
      decodeTimes.set(view.getUint32(tfhd.body + 4), time);
    }
  }
  return { valid, decodeTimes };
}
