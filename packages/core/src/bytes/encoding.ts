/**
 * Hex and base64 of small byte strings (key ids, keys, PSSH data, init data): the one definition the DRM package and
 * the browser player share. Browser-safe (no `Buffer`): part of `@ott/core/media`.
 */

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * Bytes of a hex string; everything that is not a hex digit (UUID dashes, spaces) is skipped. For checked input of a
 * known length use `@ott/drm`'s `parseHex`, which refuses anything else.
 */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/^0x/i, '').replace(/[^0-9a-f]/gi, '');
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** base64url without padding (JWK `kid`/`k`, W3C EME ClearKey §9.1.3). */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
