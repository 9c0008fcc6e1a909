/** One satisfiable byte range, inclusive at both ends. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** What a `Range` header asks for: ignore it (serve 200), serve one range (206), or answer 416. */
export type RangeRequest = { readonly kind: 'none' } | { readonly kind: 'range'; readonly range: ByteRange } | { readonly kind: 'unsatisfiable' };

const SINGLE = /^bytes=(\d*)-(\d*)$/;

/**
 * Parses a `Range` header against a file of `size` bytes (RFC 9110 §14.1.2). Only single ranges are honoured:
 * multi-range requests, other units and malformed headers are ignored (the server may always send the whole
 * representation, §14.2), so a player never gets a multipart body it did not expect.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'none' };
  const match = SINGLE.exec(header.trim());
  if (!match) return { kind: 'none' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'none' };
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', range: { start: Math.max(0, size - length), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  if (last !== '' && Number(last) < start) return { kind: 'none' }; // invalid range-spec: ignore the header (§14.1.1)
  return { kind: 'range', range: { start, end } };
}
