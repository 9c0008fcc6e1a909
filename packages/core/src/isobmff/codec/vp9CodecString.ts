import { isobmffError } from '../cursor/isobmffError.js';
import { dec2 } from './hex.js';

/** `vp09.PP.LL.DD` from a VPCodecConfigurationBox payload (VP Codec ISO Media File Format Binding §2.2). */
export function vp9CodecString(fourcc: string, vpcC: Uint8Array): string {
  // FullBox header (4 bytes), then profile, level, bitDepth(4) | chromaSubsampling(3) | fullRange(1).
  if (vpcC.byteLength < 7) throw isobmffError('ISOBMFF_INVALID_BOX', `vpcC has ${vpcC.byteLength} bytes, expected at least 7.`);
  const profile = vpcC[4] ?? 0;
  const level = vpcC[5] ?? 0;
  const bitDepth = (vpcC[6] ?? 0) >> 4;
  return `${fourcc}.${dec2(profile)}.${dec2(level)}.${dec2(bitDepth)}`;
}
