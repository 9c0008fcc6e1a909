import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Protection system specific header (`pssh`, ISO/IEC 23001-7 §8.1). */
export interface PsshBox {
  readonly type: 'pssh';
  /** 1 when key ids are listed. */
  readonly version: number;
  readonly flags: number;
  /** 16 bytes. */
  readonly systemId: Uint8Array;
  /** 16-byte key ids (version 1). */
  readonly kids: readonly Uint8Array[];
  /** The DRM-system-specific data. */
  readonly systemData: Uint8Array;
}

/** Reads `pssh`. */
export function readPssh(c: Cursor): PsshBox {
  const version = c.u8();
  const flags = c.u24();
  const systemId = c.bytesView(16);
  const kids: Uint8Array[] = [];
  if (version > 0) {
    const count = c.u32();
    c.needEntries(count, 16, 'pssh');
    for (let i = 0; i < count; i++) kids.push(c.bytesView(16));
  }
  const size = c.u32();
  return { type: 'pssh', version, flags, systemId, kids, systemData: c.bytesView(size) };
}

/** Writes `pssh`. */
export function writePssh(w: ByteSink, box: PsshBox): void {
  w.fullBox('pssh', box.version, box.flags, () => {
    w.bytes(box.systemId);
    if (box.version > 0) {
      w.u32(box.kids.length);
      for (const kid of box.kids) w.bytes(kid);
    }
    w.u32(box.systemData.byteLength);
    w.bytes(box.systemData);
  });
}
