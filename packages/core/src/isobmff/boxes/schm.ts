import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Scheme type (`schm`, ISO/IEC 14496-12 §8.12.5), e.g. `cenc` or `cbcs` version 0x00010000. */
export interface SchmBox {
  readonly type: 'schm';
  readonly version: number;
  readonly flags: number;
  readonly schemeType: string;
  readonly schemeVersion: number;
  /** Present when `flags & 1`. */
  readonly schemeUri?: string;
}

/** Reads `schm`. */
export function readSchm(c: Cursor): SchmBox {
  const version = c.u8();
  const flags = c.u24();
  const schemeType = c.fourcc();
  const schemeVersion = c.u32();
  return { type: 'schm', version, flags, schemeType, schemeVersion, ...((flags & 1) !== 0 ? { schemeUri: c.cstring() } : {}) };
}

/** Writes `schm`. */
export function writeSchm(w: ByteSink, box: SchmBox): void {
  w.fullBox('schm', box.version, box.flags, () => {
    w.fourcc(box.schemeType);
    w.u32(box.schemeVersion);
    if ((box.flags & 1) !== 0) w.cstring(box.schemeUri ?? '');
  });
}
