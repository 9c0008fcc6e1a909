import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Track header (`tkhd`), ISO/IEC 14496-12 §8.3.2. Width/height are 16.16 fixed point. */
export interface TkhdBox {
  readonly type: 'tkhd';
  readonly version: number;
  /** 1 enabled, 2 in movie, 4 in preview. */
  readonly flags: number;
  readonly creationTime: number;
  readonly modificationTime: number;
  readonly trackId: number;
  /** -1 when unknown (all ones in a version 1 box). */
  readonly duration: number;
  readonly layer: number;
  readonly alternateGroup: number;
  /** 8.8 fixed point (0x0100 for audio, 0 for video). */
  readonly volume: number;
  readonly matrix: readonly number[];
  /** 16.16 fixed point. */
  readonly width: number;
  /** 16.16 fixed point. */
  readonly height: number;
}

/** Reads `tkhd`. */
export function readTkhd(c: Cursor): TkhdBox {
  const version = c.u8();
  const flags = c.u24();
  const v1 = version === 1;
  const creationTime = v1 ? c.u64() : c.u32();
  const modificationTime = v1 ? c.u64() : c.u32();
  const trackId = c.u32();
  c.skip(4);
  const duration = v1 ? c.u64Duration() : c.u32();
  c.skip(8);
  const layer = c.i16();
  const alternateGroup = c.i16();
  const volume = c.i16();
  c.skip(2);
  const matrix: number[] = [];
  for (let i = 0; i < 9; i++) matrix.push(c.i32());
  const width = c.u32();
  const height = c.u32();
  return {
    type: 'tkhd', version, flags, creationTime, modificationTime, trackId, duration, layer, alternateGroup, volume, matrix, width, height,
  };
}

/** Writes `tkhd`. */
export function writeTkhd(w: ByteSink, box: TkhdBox): void {
  const v1 = box.version === 1;
  w.fullBox('tkhd', box.version, box.flags, () => {
    if (v1) {
      w.u64(box.creationTime);
      w.u64(box.modificationTime);
    } else {
      w.u32(box.creationTime);
      w.u32(box.modificationTime);
    }
    w.u32(box.trackId);
    w.zeros(4);
    if (v1) w.u64(box.duration);
    else w.u32(box.duration);
    w.zeros(8);
    w.i16(box.layer);
    w.i16(box.alternateGroup);
    w.i16(box.volume);
    w.zeros(2);
    for (let i = 0; i < 9; i++) w.i32(box.matrix[i] ?? 0);
    w.u32(box.width);
    w.u32(box.height);
  });
}
