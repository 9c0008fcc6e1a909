import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import type { Box } from '../box/Box.js';
import type { ReadContext, WriteContext } from '../box/BoxCodec.js';

/** Video sample entry four-character codes handled as {@link VisualSampleEntryBox}. */
export type VisualSampleEntryType = 'avc1' | 'avc3' | 'hev1' | 'hvc1' | 'vp09' | 'av01' | 'encv';

/**
 * Visual sample entry (ISO/IEC 14496-12 §12.1.3) such as `avc1`; its children carry the decoder configuration
 * (`avcC`, `hvcC`, `vpcC`, `av1C`), and optionally `btrt`, `pasp`, `colr`, `sinf`.
 */
export interface VisualSampleEntryBox {
  readonly type: VisualSampleEntryType;
  readonly dataReferenceIndex: number;
  /** pre_defined/reserved block (zero in ISO files, vendor and quality fields in QuickTime), kept raw. */
  readonly qtFields: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** 16.16 fixed point, 0x00480000 = 72 dpi. */
  readonly horizResolution: number;
  readonly vertResolution: number;
  readonly frameCount: number;
  /** The 32-byte compressorname field (Pascal string), raw. */
  readonly compressorName: Uint8Array;
  readonly depth: number;
  /** Last pre_defined field, -1 per the spec. */
  readonly preDefined: number;
  readonly children: readonly Box[];
}

/** Reads a visual sample entry. */
export function readVisualSampleEntry(c: Cursor, ctx: ReadContext): VisualSampleEntryBox {
  c.skip(6);
  const dataReferenceIndex = c.u16();
  const qtFields = c.bytesView(16);
  const width = c.u16();
  const height = c.u16();
  const horizResolution = c.u32();
  const vertResolution = c.u32();
  c.skip(4);
  const frameCount = c.u16();
  const compressorName = c.bytesView(32);
  const depth = c.u16();
  const preDefined = c.i16();
  return {
    type: ctx.type as VisualSampleEntryType, dataReferenceIndex, qtFields, width, height, horizResolution, vertResolution,
    frameCount, compressorName, depth, preDefined, children: ctx.children(c),
  };
}

/** Writes a visual sample entry. */
export function writeVisualSampleEntry(w: ByteSink, box: VisualSampleEntryBox, ctx: WriteContext): void {
  w.box(box.type, () => {
    w.zeros(6);
    w.u16(box.dataReferenceIndex);
    const fields = new Uint8Array(16);
    fields.set(box.qtFields.subarray(0, 16));
    w.bytes(fields);
    w.u16(box.width);
    w.u16(box.height);
    w.u32(box.horizResolution);
    w.u32(box.vertResolution);
    w.u32(0);
    w.u16(box.frameCount);
    const name = new Uint8Array(32);
    name.set(box.compressorName.subarray(0, 32));
    w.bytes(name);
    w.u16(box.depth);
    w.i16(box.preDefined);
    for (const child of box.children) ctx.child(child);
  });
}
