import type { Box } from '../box/Box.js';
import { findBox } from '../box/findBox.js';
import { readBox } from '../box/readBoxes.js';
import type { OpaqueBox } from '../boxes/opaque.js';
import { isobmffError } from '../cursor/isobmffError.js';
import { av1CodecString } from './av1CodecString.js';
import { avcCodecString } from './avcCodecString.js';
import { hevcCodecString } from './hevcCodecString.js';
import { mp4aCodecString } from './readEsds.js';
import { vp9CodecString } from './vp9CodecString.js';

function child(entry: Box, type: string): Uint8Array | undefined {
  if (!('children' in entry)) return undefined;
  const box = entry.children.find((b) => b.type === type);
  return box !== undefined && 'data' in box ? (box as OpaqueBox).data : undefined;
}

function required(entry: Box, type: string): Uint8Array {
  const data = child(entry, type);
  if (data === undefined) {
    throw isobmffError('ISOBMFF_INVALID_BOX', `Sample entry '${entry.type}' has no '${type}' box, so no codec string can be built; the input lacks its decoder configuration.`);
  }
  return data;
}

/** Original format of an encrypted entry (`encv`/`enca` → `sinf/frma`), ISO/IEC 23001-7 §8.12. */
function originalFormat(entry: Box): string {
  if (!('children' in entry)) return entry.type;
  const sinf = findBox(entry.children, 'sinf');
  const frma = sinf?.children.find((b) => b.type === 'frma');
  if (frma === undefined || !('data' in frma) || frma.data.byteLength < 4) return entry.type;
  const d = frma.data;
  return String.fromCharCode(d[0] ?? 0, d[1] ?? 0, d[2] ?? 0, d[3] ?? 0);
}

/** {@link codecStringOf} on an already parsed sample entry. */
export function codecStringOfEntry(entry: Box): string {
  const format = entry.type === 'encv' || entry.type === 'enca' ? originalFormat(entry) : entry.type;
  switch (format) {
    case 'avc1':
    case 'avc3':
      return avcCodecString(format, required(entry, 'avcC'));
    case 'hvc1':
    case 'hev1':
      return hevcCodecString(format, required(entry, 'hvcC'));
    case 'vp09':
      return vp9CodecString(format, required(entry, 'vpcC'));
    case 'av01':
      return av1CodecString(format, required(entry, 'av1C'));
    case 'mp4a':
      return mp4aCodecString(required(entry, 'esds'));
    case 'Opus':
      return 'opus';
    case 'fLaC':
      return 'flac';
    case 'ac-3':
    case 'ec-3':
      return format;
    default:
      throw isobmffError('ISOBMFF_UNSUPPORTED', `No RFC 6381 codec string is known for sample entry '${format}'; supported: avc1/avc3, hvc1/hev1, vp09, av01, mp4a, Opus, fLaC, ac-3, ec-3.`);
  }
}

/**
 * The RFC 6381 codec string of a sample entry box (`avc1`, `hvc1`, `vp09`, `av01`, `mp4a`, `Opus`, …), built from
 * its real decoder configuration.
 *
 * @example
 * ```ts
 * codecStringOf(init.sampleEntry); // 'avc1.64001f', 'hvc1.1.6.L93.B0', 'mp4a.40.2', 'opus'
 * ```
 */
export function codecStringOf(sampleEntry: Uint8Array): string {
  return codecStringOfEntry(readBox(sampleEntry));
}
