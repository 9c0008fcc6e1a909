import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Movie header (`mvhd`), ISO/IEC 14496-12 §8.2.2. Times are checked numbers (≤ 2^53). */
export interface MvhdBox {
  readonly type: 'mvhd';
  readonly version: number;
  readonly flags: number;
  readonly creationTime: number;
  readonly modificationTime: number;
  readonly timescale: number;
  /** -1 when unknown (all ones in a version 1 box). */
  readonly duration: number;
  /** 16.16 fixed point, 0x00010000 = 1.0. */
  readonly rate: number;
  /** 8.8 fixed point, 0x0100 = full. */
  readonly volume: number;
  /** The 9 values of the transformation matrix. */
  readonly matrix: readonly number[];
  readonly nextTrackId: number;
}

/** Identity matrix of `mvhd` / `tkhd`. */
export const IDENTITY_MATRIX: readonly number[] = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];

/** Reads `mvhd`. */
export function readMvhd(c: Cursor): MvhdBox {
  const version = c.u8();
  const flags = c.u24();
  const v1 = version === 1;
  const creationTime = v1 ? c.u64() : c.u32();
  const modificationTime = v1 ? c.u64() : c.u32();
  const timescale = c.u32();
  const duration = v1 ? c.u64Duration() : c.u32();
  const rate = c.i32();
  const volume = c.i16();
  c.skip(10);
  const matrix: number[] = [];
  for (let i = 0; i < 9; i++) matrix.push(c.i32());
  c.skip(24);
  const nextTrackId = c.u32();
  return { type: 'mvhd', version, flags, creationTime, modificationTime, timescale, duration, rate, volume, matrix, nextTrackId };
}

/** Writes `mvhd`. */
export function writeMvhd(w: ByteSink, box: MvhdBox): void {
  const v1 = box.version === 1;
  w.fullBox('mvhd', box.version, box.flags, () => {
    if (v1) {
      w.u64(box.creationTime);
      w.u64(box.modificationTime);
      w.u32(box.timescale);
      w.u64(box.duration);
    } else {
      w.u32(box.creationTime);
      w.u32(box.modificationTime);
      w.u32(box.timescale);
      w.u32(box.duration);
    }
    w.i32(box.rate);
    w.i16(box.volume);
    w.zeros(10);
    for (let i = 0; i < 9; i++) w.i32(box.matrix[i] ?? 0);
    w.zeros(24);
    w.u32(box.nextTrackId);
  });
}
