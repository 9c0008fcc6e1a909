import { constants, createCipheriv, createDecipheriv, createHmac, privateDecrypt, publicEncrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { drmError } from '../keys/drmError.js';

/** Algorithm URIs of CPIX 2.3 §4.3 (XML Encryption, XMLDSig). */
export const ALG = {
  aes256Cbc: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  rsaOaepMgf1p: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  hmacSha512: 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha512',
} as const;

/** RSA-OAEP key transport as XML-Enc `rsa-oaep-mgf1p` (SHA-1 digest and MGF1-SHA1, empty label). */
export function rsaOaepDecrypt(privateKey: KeyObject, data: Uint8Array, what: string): Buffer {
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, data);
  } catch (error) {
    throw drmError('DRM_DECRYPT_FAILED', `Could not decrypt the ${what} with the recipient's private key (RSA-OAEP); is it the key of the recipient certificate?`, undefined, error);
  }
}

export function rsaOaepEncrypt(publicKey: KeyObject, data: Uint8Array): Buffer {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, data);
}

/** AES-256-CBC with the IV prefixed to the ciphertext (XML-Enc §5.2.1) and PKCS#7 padding. */
export function aes256CbcEncrypt(documentKey: Uint8Array, plain: Uint8Array): Buffer {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', documentKey, iv);
  // eslint-disable-next-line no-restricted-properties -- a few bytes of key material / a small document, not media
  return Buffer.concat([iv, cipher.update(plain), cipher.final()]);
}

export function aes256CbcDecrypt(documentKey: Uint8Array, ivAndCiphertext: Uint8Array, what: string): Buffer {
  if (ivAndCiphertext.byteLength < 32 || ivAndCiphertext.byteLength % 16 !== 0) {
    throw drmError('CPIX_INVALID', `Expected the encrypted ${what} as a 16-byte IV plus whole AES blocks, got ${ivAndCiphertext.byteLength} bytes.`);
  }
  try {
    const decipher = createDecipheriv('aes-256-cbc', documentKey, ivAndCiphertext.subarray(0, 16));
    // eslint-disable-next-line no-restricted-properties -- a few bytes of key material / a small document, not media
    return Buffer.concat([decipher.update(ivAndCiphertext.subarray(16)), decipher.final()]);
  } catch (error) {
    throw drmError('DRM_DECRYPT_FAILED', `Could not decrypt the ${what} with the document key (bad padding).`, undefined, error);
  }
}

/** HMAC-SHA512 over the IV + ciphertext (PSKC RFC 6030 §6.1.1 `ValueMAC`). */
export function valueMac(macKey: Uint8Array, ivAndCiphertext: Uint8Array): Buffer {
  return createHmac('sha512', macKey).update(ivAndCiphertext).digest();
}

/** Checks a `ValueMAC` in constant time; `CPIX_BAD_MAC` names the key id, never a value. */
export function checkValueMac(macKey: Uint8Array, ivAndCiphertext: Uint8Array, mac: Uint8Array, kid: string): void {
  const expected = valueMac(macKey, ivAndCiphertext);
  if (expected.byteLength !== mac.byteLength || !timingSafeEqual(expected, mac)) {
    throw drmError('CPIX_BAD_MAC', `The MAC of the encrypted content key ${kid} does not match (HMAC-SHA512): the document was altered or the MAC key is wrong; refusing the key.`, { kid });
  }
}
