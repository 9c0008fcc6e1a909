import { isobmffError } from '../cursor/isobmffError.js';
import { hex2 } from './hex.js';

/**
 * `avc1.PPCCLL` (RFC 6381 §3.3): profile_idc, constraint flags and level_idc from the AVCDecoderConfigurationRecord
 * (ISO/IEC 14496-15 §5.3.3.1), bytes 1–3.
 */
export function avcCodecString(fourcc: string, avcC: Uint8Array): string {
  if (avcC.byteLength < 4) throw isobmffError('ISOBMFF_INVALID_BOX', `avcC has ${avcC.byteLength} bytes, expected at least 4.`);
  return `${fourcc}.${hex2(avcC[1] ?? 0)}${hex2(avcC[2] ?? 0)}${hex2(avcC[3] ?? 0)}`;
}
