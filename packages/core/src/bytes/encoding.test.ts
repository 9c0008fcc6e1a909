import { describe, expect, it } from 'vitest';
import { fromHex, toBase64, toBase64Url, toHex } from './encoding.js';

describe('hex and base64', () => {
  it('match Node\'s Buffer encodings on every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const bytes of [all, all.subarray(3, 20), new Uint8Array(0), Uint8Array.of(0xfb, 0xff)]) {
      const b = Buffer.from(bytes);
      expect(toHex(bytes)).toBe(b.toString('hex'));
      expect(toBase64(bytes)).toBe(b.toString('base64'));
      expect(toBase64Url(bytes)).toBe(b.toString('base64url'));
      expect(fromHex(toHex(bytes))).toEqual(bytes);
    }
    expect(toHex(fromHex('0xABBA271E-8BCF-552B'))).toBe('abba271e8bcf552b');
  });
});
