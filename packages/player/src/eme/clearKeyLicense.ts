import { fromHex as hexToBytes, toBase64Url } from '@ott/core/media';

export { toBase64Url };

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
