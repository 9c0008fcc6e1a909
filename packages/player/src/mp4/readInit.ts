import { codecStringFor } from '@ott/core/media';
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
/**
 * Reads the codec string of a visual or audio sample entry with `@ott/core`'s one definition (the packager writes the
 * same string into the manifests); an entry it cannot describe keeps its four-character code.
 */
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
  try {
    const codec = codecStringFor(format, (type) => {
      const box = children.find((b) => b.type === type);
      return box === undefined ? undefined : bytes.subarray(box.body, box.end);
    });
    return { codec, ...extra };
  } catch {
    return { codec: format, ...extra };
  }
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
