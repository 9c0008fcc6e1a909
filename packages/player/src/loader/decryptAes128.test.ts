import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptAes128 } from './decryptAes128.js';

const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const keyUrl = (key: Buffer, tag: string): string => `data:application/octet-stream;base64,${key.toString('base64')}#${tag}`;
const encrypt = (clear: Buffer, iv: Buffer): Uint8Array => {
  const cipher = createCipheriv('aes-128-cbc', KEY, iv);
  return new Uint8Array(Buffer.concat([cipher.update(clear), cipher.final()]));
};
const CLEAR = Buffer.from('moof and mdat, or anything: 37 bytes');

describe('decryptAes128 (RFC 8216bis §5.2)', () => {
  it('uses the media sequence number as the IV when EXT-X-KEY has none', async () => {
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(7, 12);
    const clear = await decryptAes128(encrypt(CLEAR, iv), { url: keyUrl(KEY, 'seq') }, 7);
    expect(Buffer.from(clear)).toEqual(CLEAR);
  });

  it('uses the explicit IV when there is one', async () => {
    const iv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const clear = await decryptAes128(encrypt(CLEAR, iv), { url: keyUrl(KEY, 'iv'), iv: new Uint8Array(iv) }, 99);
    expect(Buffer.from(clear)).toEqual(CLEAR);
  });

  it('fails with DECRYPT_FAILED (fatal) when the key does not match', async () => {
    const wrong = Buffer.from('ffeeddccbbaa99887766554433221100', 'hex');
    const error = await decryptAes128(encrypt(Buffer.alloc(4096, 1), Buffer.alloc(16)), { url: keyUrl(wrong, 'wrong') }, 0).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DECRYPT_FAILED', fatal: true, stage: 'loader' });
  });

  it('fails with KEY_LOAD_FAILED when the key is not 16 bytes', async () => {
    const error = await decryptAes128(encrypt(CLEAR, Buffer.alloc(16)), { url: keyUrl(KEY.subarray(0, 15), 'short') }, 0).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KEY_LOAD_FAILED', message: expect.stringContaining('got 15 bytes') });
  });

  it('asks the request shaper for the key with object type k (CMCD)', async () => {
    const asked: string[] = [];
    const iv = Buffer.alloc(16);
    await decryptAes128(encrypt(CLEAR, iv), { url: keyUrl(KEY, 'cmcd') }, 0, (url, objectType) => {
      asked.push(objectType);
      return { url, headers: {} };
    });
    expect(asked).toEqual(['k']);
  });
});
