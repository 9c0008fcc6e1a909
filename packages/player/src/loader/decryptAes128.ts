import { PlayerError } from '../errors/PlayerError.js';
import type { Aes128Key } from '../manifest/Presentation.js';

const keyCache = new Map<string, Promise<CryptoKey>>();

/**
 * Decrypts an HLS `METHOD=AES-128` segment (AES-128-CBC with PKCS#7 padding, RFC 8216bis §5.2) with WebCrypto.
 * Without an IV attribute the IV is the media sequence number, big-endian, in 16 bytes.
 */
export async function decryptAes128(bytes: Uint8Array, key: Aes128Key, sequence: number): Promise<Uint8Array> {
  let cryptoKey = keyCache.get(key.url);
  if (!cryptoKey) {
    cryptoKey = fetch(key.url).then(async (response) => {
      if (!response.ok) throw new PlayerError('KEY_LOAD_FAILED', `Expected the 16-byte AES-128 key at ${key.url}, got HTTP ${response.status}.`, { stage: 'loader' });
      return crypto.subtle.importKey('raw', await response.arrayBuffer(), 'AES-CBC', false, ['decrypt']);
    });
    keyCache.set(key.url, cryptoKey);
    cryptoKey.catch(() => keyCache.delete(key.url));
  }
  const iv = key.iv ?? new Uint8Array(16);
  if (!key.iv) new DataView(iv.buffer).setUint32(12, sequence);
  const clear = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: iv as Uint8Array<ArrayBuffer> }, await cryptoKey, bytes as Uint8Array<ArrayBuffer>);
  return new Uint8Array(clear);
}
