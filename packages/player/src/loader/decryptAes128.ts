import { PlayerError } from '../errors/PlayerError.js';
import type { Aes128Key, ObjectRequest } from '../manifest/Presentation.js';

const keyCache = new Map<string, Promise<CryptoKey>>();

/** Fetches and imports a 16-byte AES-128 key (CMCD object type `k` when a request shaper is given). */
async function loadKey(url: string, request: ObjectRequest | undefined): Promise<CryptoKey> {
  const shaped = request?.(url, 'k') ?? { url, headers: {} };
  let response: Response;
  try {
    response = await fetch(shaped.url, { headers: shaped.headers });
  } catch (cause) {
    throw new PlayerError('KEY_LOAD_FAILED', `Could not fetch the AES-128 key at ${url}: ${String(cause)}. Check the URL and CORS headers.`, { stage: 'loader', cause, details: { url } });
  }
  if (!response.ok) throw new PlayerError('KEY_LOAD_FAILED', `Expected the 16-byte AES-128 key at ${url}, got HTTP ${response.status}.`, { stage: 'loader', details: { url, status: response.status } });
  const raw = await response.arrayBuffer();
  if (raw.byteLength !== 16) {
    throw new PlayerError('KEY_LOAD_FAILED', `Expected a 16-byte AES-128 key at ${url} (RFC 8216bis §5.2), got ${raw.byteLength} bytes.`, { stage: 'loader', details: { url, bytes: raw.byteLength } });
  }
  return crypto.subtle.importKey('raw', raw, 'AES-CBC', false, ['decrypt']);
}

/**
 * Decrypts an HLS `METHOD=AES-128` segment or init segment (AES-128-CBC with PKCS#7 padding, RFC 8216bis §5.2) with
 * WebCrypto. Without an IV attribute the IV is the media sequence number, big-endian, in 16 bytes. Keys are fetched
 * once per URL. A key that cannot be loaded is `KEY_LOAD_FAILED`; bytes that do not decrypt (wrong key or IV: the
 * padding does not check out) are `DECRYPT_FAILED`, which retrying cannot fix.
 */
export async function decryptAes128(bytes: Uint8Array, key: Aes128Key, sequence: number, request?: ObjectRequest): Promise<Uint8Array> {
  if (typeof crypto === 'undefined' || !crypto.subtle) {
    throw new PlayerError('DECRYPT_FAILED', 'HLS AES-128 needs WebCrypto (crypto.subtle), which browsers offer only to secure contexts: serve the page over https (or from localhost).', { stage: 'loader' });
  }
  let cryptoKey = keyCache.get(key.url);
  if (!cryptoKey) {
    cryptoKey = loadKey(key.url, request);
    keyCache.set(key.url, cryptoKey);
    cryptoKey.catch(() => keyCache.delete(key.url));
  }
  const iv = key.iv ?? new Uint8Array(16);
  if (!key.iv) new DataView(iv.buffer).setUint32(12, sequence);
  const loaded = await cryptoKey;
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: iv as Uint8Array<ArrayBuffer> }, loaded, bytes as Uint8Array<ArrayBuffer>));
  } catch (cause) {
    throw new PlayerError('DECRYPT_FAILED', `AES-128-CBC decryption failed with the key from ${key.url}: the key or IV does not match the segment (or it is damaged).`, {
      stage: 'loader', cause, details: { keyUrl: key.url, sequence },
    });
  }
}
