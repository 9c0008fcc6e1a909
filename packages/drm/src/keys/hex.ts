import { toHex as coreToHex } from '@ott/core';
import { drmError } from './drmError.js';

/**
 * Parses a hex string of exactly `bytes` bytes (dashes of a UUID and a `0x` prefix are allowed). The error names the
 * field and the length received, never the value, since the value may be a key.
 */
export function parseHex(text: string, bytes: number, what: string): Uint8Array {
  const clean = text.trim().replace(/^0x/i, '').replace(/-/g, '');
  if (clean.length !== bytes * 2 || !/^[0-9a-f]*$/i.test(clean)) {
    throw drmError('DRM_INVALID_KEY', `Expected ${what} as ${bytes * 2} hex digits (${bytes} bytes), got ${clean.length} characters${/^[0-9a-f]*$/i.test(clean) ? '' : ' with non-hex characters'}.`);
  }
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

// Lower-case hex and base64 live in @ott/core (shared with the browser player); re-exported here, where they were.
export { toBase64, toBase64Url, toHex } from '@ott/core';

/** A 16-byte id as a UUID string (`8-4-4-4-12`). */
export function toUuid(bytes: Uint8Array): string {
  const h = coreToHex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
