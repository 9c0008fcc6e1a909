import type { PlaylistProgress } from './readPlaylistProgress.js';

/** A blocking playlist reload request: `_HLS_msn` and optional `_HLS_part` (RFC 8216bis §6.2.5.2). */
export interface BlockingRequest {
  readonly msn: number;
  readonly part: number | undefined;
}

/** Result of reading the delivery directives of a playlist request. */
export type BlockingQuery = { readonly kind: 'none' } | { readonly kind: 'block'; readonly request: BlockingRequest } | { readonly kind: 'invalid'; readonly reason: string };

/** How far ahead of the last part a request may ask (RFC 8216bis §6.2.5.2, "Advance Part Limit"). */
const ADVANCE_PART_LIMIT = 3;

function directive(value: string | null): number | undefined | 'invalid' {
  if (value === null) return undefined;
  if (!/^\d{1,15}$/.test(value)) return 'invalid';
  return Number(value);
}

/**
 * Reads `_HLS_msn` / `_HLS_part` from a playlist request's query. `_HLS_part` without `_HLS_msn`, or values that are
 * not decimal integers, are invalid (400, §6.2.5.2). `_HLS_skip` is read apart (`readSkipDirective`): the
 * origin renders the delta update from whichever version of the full playlist answers the request.
 */
export function readBlockingQuery(query: URLSearchParams): BlockingQuery {
  const msn = directive(query.get('_HLS_msn'));
  const part = directive(query.get('_HLS_part'));
  if (msn === 'invalid' || part === 'invalid') return { kind: 'invalid', reason: '_HLS_msn and _HLS_part must be decimal integers' };
  if (msn === undefined) return part === undefined ? { kind: 'none' } : { kind: 'invalid', reason: '_HLS_part needs _HLS_msn' };
  return { kind: 'block', request: { msn, part } };
}

/**
 * `true` when the playlist holds what the request waits for: segment `msn` or later, or with `_HLS_part`, part
 * `part` of segment `msn` or any later part (a later segment, or part 0 of the next segment once `msn` is complete).
 * A complete segment `msn` listed without parts (its parts already dropped from the playlist) also counts.
 */
export function isSatisfied(progress: PlaylistProgress, request: BlockingRequest): boolean {
  if (progress.ended) return true;
  const { msn, part } = request;
  if (progress.lastMsn > msn) return true;
  if (part === undefined) return progress.lastMsn >= msn;
  if (progress.lastMsn === msn) {
    const parts = progress.partsOf.get(msn) ?? 0;
    return parts === 0 || parts > part || progress.pendingParts > 0;
  }
  return progress.lastMsn + 1 === msn && progress.pendingParts > part;
}

/**
 * `true` when the request is too far ahead to be waited for: `_HLS_msn` more than two past the last segment, or
 * `_HLS_part` more than the Advance Part Limit past the last part of the segment in progress (§6.2.5.2: 400).
 */
export function isTooFarAhead(progress: PlaylistProgress, request: BlockingRequest): boolean {
  if (request.msn > progress.lastMsn + 2) return true;
  if (request.part !== undefined && request.msn === progress.lastMsn + 1) {
    return request.part - (progress.pendingParts - 1) > ADVANCE_PART_LIMIT;
  }
  return false;
}
