import { Cursor } from '../cursor/Cursor.js';
import { isobmffError } from '../cursor/isobmffError.js';

/** What the packager needs from an MPEG-4 ES descriptor (ISO/IEC 14496-1 §7.2.6.5). */
export interface EsdsInfo {
  /** objectTypeIndication, e.g. 0x40 for MPEG-4 audio. */
  readonly objectTypeIndication: number;
  readonly maxBitrate: number;
  readonly avgBitrate: number;
  /** DecoderSpecificInfo bytes (the AudioSpecificConfig for AAC). */
  readonly decoderSpecificInfo: Uint8Array;
}

function descriptor(c: Cursor): { tag: number; end: number } {
  const tag = c.u8();
  let size = 0;
  // Expandable size: up to 4 bytes of 7 bits (§8.3.3).
  for (let i = 0; i < 4; i++) {
    const b = c.u8();
    size = (size << 7) | (b & 0x7f);
    if ((b & 0x80) === 0) break;
  }
  c.need(size, 'descriptor');
  return { tag, end: c.pos + size };
}

/** Parses the payload of an `esds` box (FullBox header included). */
export function readEsds(esds: Uint8Array): EsdsInfo {
  const c = new Cursor(esds);
  c.skip(4);
  const es = descriptor(c);
  if (es.tag !== 0x03) throw isobmffError('ISOBMFF_INVALID_BOX', `esds: expected an ES_Descriptor (tag 3), found tag ${es.tag}.`);
  c.skip(2);
  const flags = c.u8();
  if ((flags & 0x80) !== 0) c.skip(2);
  if ((flags & 0x40) !== 0) c.skip(c.u8());
  if ((flags & 0x20) !== 0) c.skip(2);
  const dc = descriptor(c);
  if (dc.tag !== 0x04) throw isobmffError('ISOBMFF_INVALID_BOX', `esds: expected a DecoderConfigDescriptor (tag 4), found tag ${dc.tag}.`);
  const objectTypeIndication = c.u8();
  c.skip(4);
  const maxBitrate = c.u32();
  const avgBitrate = c.u32();
  let decoderSpecificInfo: Uint8Array = new Uint8Array(0);
  if (c.pos < dc.end) {
    const dsi = descriptor(c);
    if (dsi.tag === 0x05) decoderSpecificInfo = c.bytesView(dsi.end - c.pos);
  }
  return { objectTypeIndication, maxBitrate, avgBitrate, decoderSpecificInfo };
}

/** `mp4a.40.<AOT>` (RFC 6381 §3.3) from an `esds` payload; `mp4a.<OTI hex>` for other object types. */
export function mp4aCodecString(esds: Uint8Array): string {
  const info = readEsds(esds);
  const oti = info.objectTypeIndication;
  if (oti !== 0x40) return `mp4a.${oti.toString(16).padStart(2, '0')}`;
  const asc = info.decoderSpecificInfo;
  if (asc.byteLength === 0) return 'mp4a.40';
  let aot = (asc[0] ?? 0) >> 3;
  // audioObjectType 31 escapes to 32 + 6 more bits (ISO/IEC 14496-3 §1.6.2.1).
  if (aot === 31) aot = 32 + ((((asc[0] ?? 0) & 7) << 3) | ((asc[1] ?? 0) >> 5));
  return `mp4a.40.${aot}`;
}
