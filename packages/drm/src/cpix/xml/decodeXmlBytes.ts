import { drmError } from '../../keys/drmError.js';

/**
 * Decodes XML bytes by their byte order mark or first characters (XML 1.0 Appendix F): UTF-8 (with or without BOM)
 * and UTF-16 LE/BE. Invalid byte sequences are refused rather than replaced, so a signature never covers U+FFFD.
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const [b0, b1, b2] = bytes;
  try {
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0x3c && b1 === 0x00)) return utf16le(bytes.subarray(b0 === 0xff ? 2 : 0));
    if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0x00 && b1 === 0x3c)) {
      const swapped = Uint8Array.from(bytes.subarray(b0 === 0xfe ? 2 : 0));
      for (let i = 0; i + 1 < swapped.length; i += 2) {
        const t = swapped[i] as number;
        swapped[i] = swapped[i + 1] as number;
        swapped[i + 1] = t;
      }
      return utf16le(swapped);
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw drmError('CPIX_INVALID', 'Expected an XML document encoded as UTF-8 or UTF-16, found invalid byte sequences.', undefined, error);
  }
}

function utf16le(bytes: Uint8Array): string {
  if (bytes.byteLength % 2 !== 0) throw new Error('odd UTF-16 length');
  return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
}
