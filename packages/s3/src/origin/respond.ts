import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import type { S3ByteRange, S3ObjectInfo } from '../source/createS3Source.js';

/** Headers on every response (as the folder origin sends them): no sniffing, cross-origin media, no framing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Frame-Options': 'SAMEORIGIN',
};

const REASONS: Readonly<Record<number, string>> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Content Too Large', 414: 'URI Too Long', 416: 'Range Not Satisfiable', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** Ends `res` with a short plain-text error that echoes nothing of the request; `no-store` keeps it out of caches. */
export function sendError(res: ServerResponse, status: number, base: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${status} ${REASONS[status] ?? 'Error'}\n`;
  res.writeHead(status, {
    ...base,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** Validator headers and caching of one object version. */
export function objectHeaders(info: S3ObjectInfo, contentType: string, cacheControl: string, base: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ...base,
    'Content-Type': contentType,
    'Cache-Control': cacheControl,
    'Accept-Ranges': 'bytes',
    ETag: info.etag,
    'Last-Modified': info.lastModified.toUTCString(),
  };
}

/** `true` when a GET/HEAD may be answered 304 (RFC 9110 §13.2.2): `If-None-Match` wins over `If-Modified-Since`. */
export function isNotModified(req: IncomingMessage, info: S3ObjectInfo): boolean {
  const noneMatch = req.headers['if-none-match'];
  if (noneMatch !== undefined) {
    const tags = noneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(info.etag);
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && Math.floor(info.lastModified.getTime() / 1000) * 1000 <= since;
}

/** A single `bytes=` range to pass on to S3, or `undefined` to serve the whole object (RFC 9110 §14.2 allows ignoring). */
export function forwardableRange(req: IncomingMessage): string | undefined {
  const range = req.headers.range?.trim();
  if (range === undefined || req.headers['if-range'] !== undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(range);
  if (match === null || (match[1] === '' && match[2] === '') || (match[1] !== '' && match[2] !== '' && Number(match[2]) < Number(match[1]))) return undefined;
  return range;
}

/** Answers with an object's bytes streamed from S3: 206 with `Content-Range` for a range, else 200. */
export function sendStream(res: ServerResponse, headers: Record<string, string>, info: S3ObjectInfo, body: Readable, range: S3ByteRange | undefined): void {
  const length = range === undefined ? info.size : range.end - range.start + 1;
  const out = { ...headers, 'Content-Length': String(length), ...(range === undefined ? {} : { 'Content-Range': `bytes ${range.start}-${range.end}/${info.size}` }) };
  res.writeHead(range === undefined ? 200 : 206, out);
  // pipeline destroys both sides on error or early close: a client that goes away releases the S3 connection.
  pipeline(body, res, () => undefined);
}

/** Answers with an object held in memory (a manifest), honouring a single range. */
export function sendBuffer(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, body: Buffer): void {
  const range = forwardableRange(req);
  const match = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range);
  let start = 0;
  let end = body.length - 1;
  if (match !== null) {
    const [, first = '', last = ''] = match;
    start = first === '' ? Math.max(0, body.length - Number(last)) : Number(first);
    end = first === '' || last === '' ? body.length - 1 : Math.min(Number(last), body.length - 1);
    if (start >= body.length || (first === '' && Number(last) === 0)) {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${body.length}`, 'Content-Length': '0' });
      res.end();
      return;
    }
  }
  const partial = match !== null;
  res.writeHead(partial ? 206 : 200, {
    ...headers,
    'Content-Length': String(end - start + 1),
    ...(partial ? { 'Content-Range': `bytes ${start}-${end}/${body.length}` } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
}
