import { isobmffError } from '../cursor/isobmffError.js';

/**
 * `hvc1.<space><profile>.<compat>.<tier><level>.<constraints>` from an HEVCDecoderConfigurationRecord, following
 * ISO/IEC 14496-15 Annex E.3: compatibility flags in reverse bit order as hex without leading zeros, constraint
 * bytes as hex with trailing zero bytes dropped.
 */
export function hevcCodecString(fourcc: string, hvcC: Uint8Array): string {
  if (hvcC.byteLength < 13) throw isobmffError('ISOBMFF_INVALID_BOX', `hvcC has ${hvcC.byteLength} bytes, expected at least 13.`);
  const b = (i: number): number => hvcC[i] ?? 0;
  const profileSpace = b(1) >> 6;
  const tier = (b(1) >> 5) & 1;
  const profileIdc = b(1) & 0x1f;
  const compat = ((b(2) << 24) | (b(3) << 16) | (b(4) << 8) | b(5)) >>> 0;
  let reversed = 0;
  for (let i = 0; i < 32; i++) if ((compat & (1 << i)) !== 0) reversed |= 1 << (31 - i);
  const parts = [
    `${fourcc}`,
    `${['', 'A', 'B', 'C'][profileSpace] ?? ''}${profileIdc}`,
    (reversed >>> 0).toString(16).toUpperCase(),
    `${tier === 1 ? 'H' : 'L'}${b(12)}`,
  ];
  const constraints = [b(6), b(7), b(8), b(9), b(10), b(11)];
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  for (const c of constraints) parts.push(c.toString(16).toUpperCase());
  return parts.join('.');
}
