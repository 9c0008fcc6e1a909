import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Producer reference time (`prft`), ISO/IEC 14496-12 §8.16.5. */
export interface PrftBox {
  readonly type: 'prft';
  readonly version: number;
  readonly flags: number;
  readonly referenceTrackId: number;
  /** 64-bit NTP timestamp (seconds since 1900 in the high 32 bits), lossless. */
  readonly ntpTimestamp: bigint;
  readonly mediaTime: number;
}

/** Reads `prft`. */
export function readPrft(c: Cursor): PrftBox {
  const version = c.u8();
  const flags = c.u24();
  const referenceTrackId = c.u32();
  const ntpTimestamp = c.u64big();
  const mediaTime = version === 0 ? c.u32() : c.u64();
  return { type: 'prft', version, flags, referenceTrackId, ntpTimestamp, mediaTime };
}

/** Writes `prft`. */
export function writePrft(w: ByteSink, box: PrftBox): void {
  w.fullBox('prft', box.version, box.flags, () => {
    w.u32(box.referenceTrackId);
    w.u64(box.ntpTimestamp);
    if (box.version === 0) w.u32(box.mediaTime);
    else w.u64(box.mediaTime);
  });
}
