import type { BigIntStats } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';

/** Validators of one file version. */
export interface Validators {
  readonly etag: string;
  readonly lastModified: string;
}

/**
 * Strong validators from size and nanosecond mtime. Files of an output folder are replaced by atomic rename, never
 * rewritten in place, so a new version always has a new mtime (or size) and the tag changes with the bytes.
 */
export function validatorsOf(stats: BigIntStats): Validators {
  let validators = known.get(stats);
  if (validators === undefined) {
    validators = {
      etag: `"${stats.size.toString(16)}-${stats.mtimeNs.toString(16)}"`,
      lastModified: new Date(Number(stats.mtimeMs)).toUTCString(),
    };
    known.set(stats, validators);
  }
  return validators;
}

// By stats object: a file version held in memory is served with the same stats many times.
const known = new WeakMap<BigIntStats, Validators>();

function etagList(header: string): string[] {
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, '')).filter(Boolean);
}

/**
 * `true` when a GET/HEAD may be answered 304 (RFC 9110 §13.2.2): `If-None-Match` (weak comparison) wins over
 * `If-Modified-Since`, which is only looked at without it.
 */
export function isNotModified(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    const tags = etagList(noneMatch);
    return tags.includes('*') || tags.includes(validators.etag);
  }
  const since = headers['if-modified-since'];
  if (since === undefined) return false;
  const sinceMs = Date.parse(since);
  if (Number.isNaN(sinceMs)) return false;
  return Date.parse(validators.lastModified) <= sinceMs;
}

/** `true` when a `Range` may be honoured: no `If-Range`, or one that matches strongly (RFC 9110 §13.1.5). */
export function ifRangeMatches(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const ifRange = headers['if-range'];
  if (ifRange === undefined) return true;
  const value = (Array.isArray(ifRange) ? (ifRange[0] ?? '') : ifRange).trim();
  if (value.startsWith('"')) return value === validators.etag;
  if (value.startsWith('W/')) return false;
  return value === validators.lastModified;
}
