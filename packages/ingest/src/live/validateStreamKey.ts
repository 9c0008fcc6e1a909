import { OttError } from '@ott/core';

const STREAM_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks that a stream key is safe to use as a folder name and in a URL (`[A-Za-z0-9_-]`, 1–64 characters) and
 * returns it. Stream keys reach the filesystem (`out/<key>/…`), so anything else (`..`, `/`, `%2e`, spaces) is refused.
 *
 * @throws {OttError} `INGEST_INVALID_STREAM_KEY`
 */
export function validateStreamKey(key: string): string {
  if (STREAM_KEY.test(key)) return key;
  const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
  throw new OttError('INGEST_INVALID_STREAM_KEY', `Stream key ${JSON.stringify(shown)} is not allowed: use 1–64 letters, digits, "_" or "-".`, {
    stage: 'ingest',
    fatal: false,
  });
}

/** True when {@link validateStreamKey} would accept the key. */
export function isValidStreamKey(key: string): boolean {
  return STREAM_KEY.test(key);
}
