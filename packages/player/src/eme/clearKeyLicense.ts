/** Base64url without padding (W3C EME §9.1.3 JSON Web Key). */
export function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-f]/gi, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Answers a ClearKey license request (`{"kids":[...],"type":...}`, W3C EME §9.1.4) from inline keys: a JSON Web Key
 * Set with every requested key we know.
 */
export function clearKeyLicense(message: ArrayBuffer, keys: Readonly<Record<string, string>>): Uint8Array {
  const request = JSON.parse(new TextDecoder().decode(message)) as { kids?: string[] };
  const byKid = new Map(Object.entries(keys).map(([kid, key]) => [toBase64Url(hexToBytes(kid)), toBase64Url(hexToBytes(key))]));
  const wanted = request.kids?.length ? request.kids : [...byKid.keys()];
  const jwks = wanted.filter((kid) => byKid.has(kid)).map((kid) => ({ kty: 'oct', kid, k: byKid.get(kid) }));
  return new TextEncoder().encode(JSON.stringify({ keys: jwks, type: 'temporary' }));
}

/** `keyids` init data (W3C "keyids" Initialization Data Format) for the given hex KIDs. */
export function keyIdsInitData(kids: readonly string[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ kids: kids.map((kid) => toBase64Url(hexToBytes(kid))) }));
}
