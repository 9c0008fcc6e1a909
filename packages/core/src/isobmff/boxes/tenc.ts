import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Track encryption defaults (`tenc`, ISO/IEC 23001-7 §8.2). */
export interface TencBox {
  readonly type: 'tenc';
  /** 0, or 1 when a pattern (`cbcs`/`cens`) is given. */
  readonly version: number;
  readonly flags: number;
  /** Pattern: encrypted 16-byte blocks (version 1 only). */
  readonly defaultCryptByteBlock: number;
  /** Pattern: clear 16-byte blocks (version 1 only). */
  readonly defaultSkipByteBlock: number;
  readonly defaultIsProtected: number;
  /** 0 (constant IV), 8 or 16. */
  readonly defaultPerSampleIvSize: number;
  /** 16 bytes. */
  readonly defaultKid: Uint8Array;
  /** Present when protected with a per-sample IV size of 0. */
  readonly defaultConstantIv?: Uint8Array;
}

/** Reads `tenc`. */
export function readTenc(c: Cursor): TencBox {
  const version = c.u8();
  const flags = c.u24();
  c.skip(1);
  const pattern = c.u8();
  const defaultIsProtected = c.u8();
  const defaultPerSampleIvSize = c.u8();
  const defaultKid = c.bytesView(16);
  const base = {
    type: 'tenc' as const, version, flags,
    defaultCryptByteBlock: version === 0 ? 0 : pattern >> 4,
    defaultSkipByteBlock: version === 0 ? 0 : pattern & 0x0f,
    defaultIsProtected, defaultPerSampleIvSize, defaultKid,
  };
  if (defaultIsProtected === 1 && defaultPerSampleIvSize === 0) {
    const size = c.u8();
    return { ...base, defaultConstantIv: c.bytesView(size) };
  }
  return base;
}

/** Writes `tenc`. */
export function writeTenc(w: ByteSink, box: TencBox): void {
  w.fullBox('tenc', box.version, box.flags, () => {
    w.u8(0);
    w.u8(box.version === 0 ? 0 : ((box.defaultCryptByteBlock & 0x0f) << 4) | (box.defaultSkipByteBlock & 0x0f));
    w.u8(box.defaultIsProtected);
    w.u8(box.defaultPerSampleIvSize);
    w.bytes(box.defaultKid);
    if (box.defaultIsProtected === 1 && box.defaultPerSampleIvSize === 0) {
      const iv = box.defaultConstantIv ?? new Uint8Array(16);
      w.u8(iv.byteLength);
      w.bytes(iv);
    }
  });
}
