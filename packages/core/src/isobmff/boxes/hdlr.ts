import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** Handler reference (`hdlr`), ISO/IEC 14496-12 §8.4.3. */
export interface HdlrBox {
  readonly type: 'hdlr';
  readonly version: number;
  readonly flags: number;
  /** `vide`, `soun`, `text`, `subt`, `meta`, … */
  readonly handlerType: string;
  readonly name: string;
}

/** Reads `hdlr`. */
export function readHdlr(c: Cursor): HdlrBox {
  const version = c.u8();
  const flags = c.u24();
  c.skip(4);
  const handlerType = c.fourcc();
  c.skip(12);
  const name = c.remaining > 0 ? c.cstring() : '';
  return { type: 'hdlr', version, flags, handlerType, name };
}

/** Writes `hdlr`. */
export function writeHdlr(w: ByteSink, box: HdlrBox): void {
  w.fullBox('hdlr', box.version, box.flags, () => {
    w.u32(0);
    w.fourcc(box.handlerType);
    w.zeros(12);
    w.cstring(box.name);
  });
}
