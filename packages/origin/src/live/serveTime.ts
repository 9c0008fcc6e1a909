import type { IncomingMessage, ServerResponse } from 'node:http';

/** Path of the origin's clock: dot-prefixed, so it can never be a file of the served folder. */
export { TIME_PATH } from '@ott/core';

/**
 * Answers the origin's current time as an `xs:dateTime` in UTC with milliseconds (`2026-11-21T10:00:00.123Z`), the
 * body that DASH `UTCTiming` with `urn:mpeg:dash:utc:http-xsdate:2014` (and `http-iso:2014`) expects (the UTC
 * timing schemes of ISO/IEC 23009-1), so live players align their clock with the packager's wall clock. `no-store`: a cached time is
 * a wrong time.
 */
export function serveTime(req: IncomingMessage, res: ServerResponse, base: Readonly<Record<string, string>>, now: () => number = Date.now): void {
  const body = new Date(now()).toISOString();
  res.writeHead(200, {
    ...base,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
