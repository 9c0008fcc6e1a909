import { OttError } from '@ott/core';

/** Shortest HMAC key accepted, in bytes: the SHA-256 output size (RFC 7518 §3.2 "MUST"; RFC 2104 §3). */
export const MIN_SECRET_BYTES = 32;

/** A secret as bytes, refused (`ORIGIN_ACCESS_INVALID`) when shorter than {@link MIN_SECRET_BYTES}. */
export function secretBytes(secret: string | Uint8Array | undefined, what: string): Uint8Array {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (bytes === undefined || bytes.byteLength < MIN_SECRET_BYTES) {
    throw new OttError('ORIGIN_ACCESS_INVALID', `${what} must be at least ${MIN_SECRET_BYTES} bytes, got ${bytes?.byteLength ?? 0}. Generate one with 'openssl rand -hex 32'.`, { stage: 'origin' });
  }
  return bytes;
}
