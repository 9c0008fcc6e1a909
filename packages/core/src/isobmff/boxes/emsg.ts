import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/**
 * Event message (`emsg`), ISO/IEC 23009-1 §5.10.3.3. Version 0 carries `presentationTimeDelta`, version 1 an
 * absolute `presentationTime`.
 */
export interface EmsgBox {
  readonly type: 'emsg';
  readonly version: number;
  readonly flags: number;
  readonly schemeIdUri: string;
  readonly value: string;
  readonly timescale: number;
  readonly presentationTimeDelta?: number;
  readonly presentationTime?: number;
  readonly eventDuration: number;
  readonly id: number;
  readonly messageData: Uint8Array;
}

/** Reads `emsg`. */
export function readEmsg(c: Cursor): EmsgBox {
  const version = c.u8();
  const flags = c.u24();
  if (version === 0) {
    const schemeIdUri = c.cstring();
    const value = c.cstring();
    const timescale = c.u32();
    const presentationTimeDelta = c.u32();
    const eventDuration = c.u32();
    const id = c.u32();
    return { type: 'emsg', version, flags, schemeIdUri, value, timescale, presentationTimeDelta, eventDuration, id, messageData: c.rest() };
  }
  const timescale = c.u32();
  const presentationTime = c.u64();
  const eventDuration = c.u32();
  const id = c.u32();
  const schemeIdUri = c.cstring();
  const value = c.cstring();
  return { type: 'emsg', version, flags, schemeIdUri, value, timescale, presentationTime, eventDuration, id, messageData: c.rest() };
}

/** Writes `emsg`. */
export function writeEmsg(w: ByteSink, box: EmsgBox): void {
  w.fullBox('emsg', box.version, box.flags, () => {
    if (box.version === 0) {
      w.cstring(box.schemeIdUri);
      w.cstring(box.value);
      w.u32(box.timescale);
      w.u32(box.presentationTimeDelta ?? 0);
      w.u32(box.eventDuration);
      w.u32(box.id);
    } else {
      w.u32(box.timescale);
      w.u64(box.presentationTime ?? 0);
      w.u32(box.eventDuration);
      w.u32(box.id);
      w.cstring(box.schemeIdUri);
      w.cstring(box.value);
    }
    w.bytes(box.messageData);
  });
}
