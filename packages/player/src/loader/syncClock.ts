/** A DASH `UTCTiming` element: scheme and value (URL, or the time itself for `direct`). */
export interface UtcTiming {
  readonly scheme: string;
  readonly value: string;
}

/**
 * Server clock minus the local clock, in ms, from a DASH `UTCTiming` source (ISO/IEC 23009-1 §5.8.5.7; DASH-IF IOP
 * §4.7): `http-xsdate` / `http-iso` (GET an ISO 8601 time), `http-head` (the `Date` header) or `direct`. The round
 * trip is split in two. Undefined when the scheme is unsupported or the answer does not parse: use the local clock.
 */
export async function syncClock(timing: UtcTiming, signal?: AbortSignal): Promise<number | undefined> {
  const { scheme, value } = timing;
  if (/:direct:/.test(scheme)) {
    const server = Date.parse(value);
    return Number.isFinite(server) ? server - Date.now() : undefined;
  }
  const head = /:http-head:/.test(scheme);
  if (!head && !/:http-(xsdate|iso):/.test(scheme)) return undefined;
  try {
    const before = Date.now();
    const response = await fetch(value, { method: head ? 'HEAD' : 'GET', cache: 'no-store', ...(signal ? { signal } : {}) });
    const text = head ? response.headers.get('date') ?? '' : await response.text();
    const after = Date.now();
    const server = Date.parse(text.trim());
    return response.ok && Number.isFinite(server) ? server - (before + after) / 2 : undefined;
  } catch {
    return undefined;
  }
}
