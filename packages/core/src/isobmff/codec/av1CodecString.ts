import { isobmffError } from '../cursor/isobmffError.js';
import { dec2 } from './hex.js';

/** `av01.P.LLT.DD` from an AV1CodecConfigurationRecord (AV1 ISOBMFF binding §2.3, codecs parameter §5). */
export function av1CodecString(fourcc: string, av1C: Uint8Array): string {
  if (av1C.byteLength < 3) throw isobmffError('ISOBMFF_INVALID_BOX', `av1C has ${av1C.byteLength} bytes, expected at least 3.`);
  const b1 = av1C[1] ?? 0;
  const b2 = av1C[2] ?? 0;
  const profile = b1 >> 5;
  const level = b1 & 0x1f;
  const tier = (b2 >> 7) & 1;
  const highBitdepth = (b2 >> 6) & 1;
  const twelveBit = (b2 >> 5) & 1;
  const bitDepth = highBitdepth === 0 ? 8 : twelveBit === 1 ? 12 : 10;
  return `${fourcc}.${profile}.${dec2(level)}${tier === 1 ? 'H' : 'M'}.${dec2(bitDepth)}`;
}
