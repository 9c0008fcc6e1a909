import { cacheControlFor, DEFAULT_CACHE_POLICY, isLiveManifest, DEFAULT_MIME_TYPES, mimeTypeOf, OttError, TIME_PATH } from '@ott/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { CachePolicy, MimeEntry } from '@ott/core';
import { isRetryableS3Error } from '../client/isRetryableS3Error.js';
import { createS3Source } from '../source/createS3Source.js';
import type { S3Source, S3SourceOptions } from '../source/createS3Source.js';
import { parseObjectPath } from './parseObjectPath.js';
import { SECURITY_HEADERS, forwardableRange, isNotModified, objectHeaders, sendBuffer, sendError, sendStream } from './respond.js';

/** Options of {@link createS3Origin}: a source, or the client, bucket and prefix to make one. */
export interface S3OriginOptions extends Partial<S3SourceOptions> {
  /** Where to read (default: made from `client`, `bucket`, `prefix`). */
  readonly source?: S3Source;
  /** Browser origins allowed to read responses (default `'*'`), or `false` for no CORS headers. */
  readonly cors?: '*' | readonly string[] | false;
  /** `Access-Control-Max-Age` of preflight answers, in seconds (default 600). */
  readonly corsMaxAgeSeconds?: number;
  /** `Cache-Control` by kind of file; missing keys keep `DEFAULT_CACHE_POLICY` (`@ott/core`, the origin's too). */
  readonly cacheControl?: Partial<CachePolicy>;
  /** Longest request target, in characters (default 2048; longer: 414). */
  readonly maxUrlLength?: number;
  /** Largest playlist or MPD read into memory to tell live from VOD (default 4 MiB); larger ones are streamed. */
  readonly maxManifestBytes?: number;
  /** Extra headers on every response. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A `node:http` request handler serving a bucket prefix; `close()` closes the S3 client if the origin made it. */
export interface S3Origin {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly source: S3Source;
  close(): void;
}

const METHODS = 'GET, HEAD, OPTIONS';

/**
 * The origin for a bucket written by {@link toS3}: GET/HEAD/OPTIONS, media types from `@ott/core`'s table (the origin's too), single
 * byte ranges (passed on to S3), ETag/Last-Modified from S3 with 304s, CORS, immutable segments and short-lived or
 * revalidated manifests (a playlist without `EXT-X-ENDLIST` or a dynamic MPD is live), the `/.ott/time` clock for
 * DASH `UTCTiming`, and request paths that can never name a key outside the prefix. It does not hold LL-HLS blocking
 * reloads: a `_HLS_msn` request gets the current playlist at once.
 *
 * @example
 * ```ts
 * declare const s3: S3ClientLike;
 * createServer(createS3Origin({ client: s3, bucket: 'media', prefix: 'live/cam1' })).listen(8080, '127.0.0.1');
 * ```
 */
export function createS3Origin(options: S3OriginOptions): S3Origin {
  const source = options.source ?? sourceOf(options);
  const cache: CachePolicy = { ...DEFAULT_CACHE_POLICY, ...options.cacheControl };
  const context: Context = {
    source,
    cache,
    cors: options.cors ?? '*',
    corsMaxAge: options.corsMaxAgeSeconds ?? 600,
    maxUrlLength: options.maxUrlLength ?? 2048,
    maxManifestBytes: options.maxManifestBytes ?? 4 * 1024 * 1024,
    headers: { ...SECURITY_HEADERS, ...options.headers },
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const base = { ...context.headers, ...corsHeaders(context.cors, req.headers.origin) };
    handle(context, req, res, base).catch((error: unknown) => sendError(res, isRetryableS3Error(error) ? 503 : 502, base, isRetryableS3Error(error) ? { 'Retry-After': '1' } : {}));
  };
  return Object.defineProperties(handler, {
    source: { value: source, enumerable: true },
    close: { value: () => options.source === undefined && source.destroy(), enumerable: true },
  }) as S3Origin;
}

interface Context {
  readonly source: S3Source;
  readonly cache: CachePolicy;
  readonly cors: '*' | readonly string[] | false;
  readonly corsMaxAge: number;
  readonly maxUrlLength: number;
  readonly maxManifestBytes: number;
  readonly headers: Readonly<Record<string, string>>;
}

async function handle(context: Context, req: IncomingMessage, res: ServerResponse, base: Record<string, string>): Promise<void> {
  if (req.method === 'OPTIONS') {
    const allowed = base['Access-Control-Allow-Origin'] !== undefined;
    res.writeHead(204, {
      ...base,
      Allow: METHODS,
      ...(allowed ? { 'Access-Control-Allow-Methods': METHODS, 'Access-Control-Allow-Headers': 'Range, If-None-Match, If-Modified-Since, If-Range', 'Access-Control-Max-Age': String(context.corsMaxAge) } : {}),
    });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, base, { Allow: METHODS });
  if (req.url?.split('?', 1)[0] === TIME_PATH) return sendTime(req, res, base);
  const target = parseObjectPath(req.url, context.maxUrlLength);
  if (!target.ok) return sendError(res, target.status, base);
  const mime = mimeTypeOf(target.path, DEFAULT_MIME_TYPES);
  if (mime.kind === 'playlist' || mime.kind === 'mpd') return serveManifest(context, req, res, target.path, mime, base);
  const cacheControl = mime.kind === 'segment' ? context.cache.segment : context.cache.other;
  if (req.method === 'HEAD') {
    const info = await context.source.head(target.path);
    if (info === undefined) return sendError(res, 404, base);
    const headers = objectHeaders(info, mime.type, cacheControl, base);
    res.writeHead(isNotModified(req, info) ? 304 : 200, isNotModified(req, info) ? headers : { ...headers, 'Content-Length': String(info.size) });
    res.end();
    return;
  }
  let range = forwardableRange(req);
  if (range?.startsWith('bytes=-')) {
    // Suffix ranges are made explicit: some S3-compatible servers read `bytes=-N` as `bytes=0-N`.
    const info = await context.source.head(target.path);
    if (info === undefined) return sendError(res, 404, base);
    const length = Number(range.slice('bytes=-'.length));
    if (length === 0 || info.size === 0) return sendError(res, 416, base, { 'Content-Range': `bytes */${info.size}` });
    range = `bytes=${Math.max(0, info.size - length)}-${info.size - 1}`;
  }
  let read;
  try {
    read = await context.source.get(target.path, range);
  } catch (error) {
    if ((error as { name?: unknown }).name !== 'InvalidRange') throw error;
    const info = await context.source.head(target.path);
    return sendError(res, info === undefined ? 404 : 416, base, info === undefined ? {} : { 'Content-Range': `bytes */${info.size}` });
  }
  if (read === undefined) return sendError(res, 404, base);
  const headers = objectHeaders(read.info, mime.type, cacheControl, base);
  if (isNotModified(req, read.info)) {
    read.body.destroy();
    res.writeHead(304, headers);
    res.end();
    return;
  }
  sendStream(res, headers, read.info, read.body, read.range);
}

async function serveManifest(context: Context, req: IncomingMessage, res: ServerResponse, path: string, mime: MimeEntry, base: Record<string, string>): Promise<void> {
  const read = await context.source.get(path);
  if (read === undefined) return sendError(res, 404, base);
  if (read.info.size > context.maxManifestBytes) {
    // Too large to look into: served as is, revalidated every time (it may be live).
    const headers = objectHeaders(read.info, mime.type, context.cache.livePlaylist, base);
    if (req.method === 'HEAD') {
      read.body.destroy();
      res.writeHead(200, { ...headers, 'Content-Length': String(read.info.size) });
      res.end();
      return;
    }
    return sendStream(res, headers, read.info, read.body, undefined);
  }
  const body = await readAll(read.body);
  const text = body.toString('utf8');
  const headers = objectHeaders(read.info, mime.type, cacheControlFor(context.cache, mime.kind, isLiveManifest(mime.kind, text)), base);
  if (isNotModified(req, read.info)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  sendBuffer(req, res, headers, body);
}

function sendTime(req: IncomingMessage, res: ServerResponse, base: Record<string, string>): void {
  // The DASH UTCTiming clock (urn:mpeg:dash:utc:http-xsdate:2014), as @ott/origin serves it; a cached time is wrong.
  const body = new Date().toISOString();
  res.writeHead(200, { ...base, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function corsHeaders(cors: '*' | readonly string[] | false, origin: string | undefined): Record<string, string> {
  if (cors === false) return {};
  const vary: Record<string, string> = cors === '*' ? {} : { Vary: 'Origin' };
  const allow = cors === '*' ? '*' : origin !== undefined && cors.includes(origin) ? origin : undefined;
  if (allow === undefined) return vary;
  return { ...vary, 'Access-Control-Allow-Origin': allow, 'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, ETag, Age, Date' };
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  // eslint-disable-next-line no-restricted-properties -- a manifest of a few KiB, read once per request
  return Buffer.concat(chunks);
}

function sourceOf(options: S3OriginOptions): S3Source {
  if (options.client === undefined || options.bucket === undefined) {
    throw new OttError('S3_INVALID_OPTIONS', 'createS3Origin: pass a source, or a client (or connection settings) and a bucket.', { stage: 'origin' });
  }
  return createS3Source({ client: options.client, bucket: options.bucket, ...(options.prefix === undefined ? {} : { prefix: options.prefix }) });
}
