import { findBoxes, readBoxes, toHex, viewOf } from './readBoxes.js';
import type { BoxSpan } from './readBoxes.js';

/** What the player needs from one track of an init segment. */
export interface InitTrack {
  readonly trackId: number;
  readonly kind: 'video' | 'audio' | 'other';
  readonly timescale: number;
  /** RFC 6381 codec string, e.g. `avc1.64001f`, `mp4a.40.2`. */
  readonly codec: string;
  /** `tenc` default KID (hex) when the track is encrypted. */
  readonly defaultKid?: string;
  /** Protection scheme from `schm` (`cenc`, `cbcs`). */
  readonly scheme?: string;
}

/** Parsed init segment: tracks plus every `pssh` box (whole boxes, usable as `cenc` init data). */
export interface InitInfo {
  readonly tracks: readonly InitTrack[];
  readonly pssh: readonly Uint8Array[];
}

const fourcc = (bytes: Uint8Array, at: number): string =>
  String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
const hex2 = (value: number): string => value.toString(16).padStart(2, '0');

/** Reads the codec string of a visual or audio sample entry (ISO/IEC 14496-15 and -14). */
function codecOf(bytes: Uint8Array, entry: BoxSpan, isVideo: boolean): { codec: string; kid?: string; scheme?: string } {
  const childrenFrom = entry.body + (isVideo ? 78 : 28);
  let format = entry.type;
  let kid: string | undefined;
  let scheme: string | undefined;
  const children = readBoxes(bytes, childrenFrom, entry.end);
  const sinf = children.find((b) => b.type === 'sinf');
  if (sinf) {
    const frma = findBoxes(bytes, ['frma'], sinf.body, sinf.end)[0];
    if (frma) format = fourcc(bytes, frma.body);
    const schm = findBoxes(bytes, ['schm'], sinf.body, sinf.end)[0];
    if (schm) scheme = fourcc(bytes, schm.body + 4);
    const tenc = findBoxes(bytes, ['schi', 'tenc'], sinf.body, sinf.end)[0];
    if (tenc) kid = toHex(bytes.subarray(tenc.body + 8, tenc.body + 24));
  }
  const extra = { ...(kid ? { kid } : {}), ...(scheme ? { scheme } : {}) };
  const avcC = children.find((b) => b.type === 'avcC');
  if ((format === 'avc1' || format === 'avc3') && avcC) {
    return { codec: `${format}.${hex2(bytes[avcC.body + 1] ?? 0)}${hex2(bytes[avcC.body + 2] ?? 0)}${hex2(bytes[avcC.body + 3] ?? 0)}`, ...extra };
  }
  const esds = children.find((b) => b.type === 'esds');
  if (format === 'mp4a' && esds) return { codec: readEsdsCodec(bytes, esds), ...extra };
  if (format === 'Opus' || format === 'opus') return { codec: 'opus', ...extra };
  const vpcC = children.find((b) => b.type === 'vpcC');
  if (format === 'vp09' && vpcC) {
    const at = vpcC.body + 4;
    return { codec: `vp09.${hex2(bytes[at] ?? 0)}.${hex2(bytes[at + 1] ?? 0)}.${hex2((bytes[at + 2] ?? 0) >> 4)}`, ...extra };
  }
  if (format === 'av01') return { codec: 'av01.0.04M.08', ...extra };
  return { codec: format, ...extra };
}

/** `mp4a.40.<audio object type>` from the DecoderConfigDescriptor (ISO/IEC 14496-1 §7.2.6.6). */
function readEsdsCodec(bytes: Uint8Array, esds: BoxSpan): string {
  let at = esds.body + 4;
  const end = esds.end;
  const skipLength = (): void => {
    for (let i = 0; i < 4 && at < end; i++) if (((bytes[at++] ?? 0) & 0x80) === 0) break;
  };
  if (bytes[at] !== 0x03) return 'mp4a.40.2';
  at++;
  skipLength();
  const flags = bytes[at + 2] ?? 0;
  at += 3 + (flags & 0x80 ? 2 : 0) + (flags & 0x40 ? 1 + (bytes[at + 3] ?? 0) : 0) + (flags & 0x20 ? 2 : 0);
  if (bytes[at] !== 0x04) return 'mp4a.40.2';
  at++;
  skipLength();
  const objectType = bytes[at] ?? 0x40;
  at += 13;
  if (bytes[at] !== 0x05) return `mp4a.${hex2(objectType)}`;
  at++;
  skipLength();
  const aot = (bytes[at] ?? 0x10) >> 3;
  return `mp4a.${objectType.toString(16)}.${aot}`;
}

/** Reads tracks, codecs, timescales, default KIDs and `pssh` boxes of an init segment. */
export function readInit(bytes: Uint8Array): InitInfo {
  const view = viewOf(bytes);
  const tracks: InitTrack[] = [];
  for (const trak of findBoxes(bytes, ['moov', 'trak'])) {
    const tkhd = findBoxes(bytes, ['tkhd'], trak.body, trak.end)[0];
    const mdhd = findBoxes(bytes, ['mdia', 'mdhd'], trak.body, trak.end)[0];
    const hdlr = findBoxes(bytes, ['mdia', 'hdlr'], trak.body, trak.end)[0];
    const stsd = findBoxes(bytes, ['mdia', 'minf', 'stbl', 'stsd'], trak.body, trak.end)[0];
    if (!tkhd || !mdhd || !hdlr || !stsd) continue;
    const trackId = view.getUint32(tkhd.body + (bytes[tkhd.body] === 1 ? 20 : 12));
    const timescale = view.getUint32(mdhd.body + (bytes[mdhd.body] === 1 ? 20 : 12));
    const handler = fourcc(bytes, hdlr.body + 8);
    const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
    const entry = readBoxes(bytes, stsd.body + 8, stsd.end)[0];
    const found = entry ? codecOf(bytes, entry, kind === 'video') : { codec: 'unknown' };
    tracks.push({ trackId, kind, timescale, codec: found.codec, ...(found.kid ? { defaultKid: found.kid } : {}), ...(found.scheme ? { scheme: found.scheme } : {}) });
  }
  const pssh = findBoxes(bytes, ['moov', 'pssh']).map((box) => bytes.slice(box.start, box.end));
  return { tracks, pssh };
}
