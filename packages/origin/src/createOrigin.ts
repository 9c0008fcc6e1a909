import { realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OttError } from '@ott/core';
import { isOpenFile, openInsideRoot, type OpenFile } from './files/openInsideRoot.js';
import { parseRequestTarget } from './files/parseRequestTarget.js';
import { cacheControlFor, DEFAULT_CACHE_POLICY, isDynamicMpd, type CachePolicy } from './http/cachePolicy.js';
import { validatorsOf } from './http/conditional.js';
import { ALLOWED_METHODS, corsHeaders, preflightHeaders, type CorsOrigins } from './http/corsHeaders.js';
import { DEFAULT_MIME_TYPES, mimeTypeOf, type MimeEntry } from './http/mimeTypeOf.js';
import { SECURITY_HEADERS } from './http/securityHeaders.js';
import { sendError } from './http/sendError.js';
import { sendRepresentation } from './http/sendRepresentation.js';
import { servePlaylist } from './hls/servePlaylist.js';
import { PlaylistWaits } from './hls/PlaylistWaits.js';

/** Options of {@link createOrigin}. */
export interface OriginOptions {
  /** The folder to serve (an `ott vod` / `toFolder` output). Must exist. */
  readonly root: string;
  /** Browser origins allowed to read responses (default `'*'`); `false` sends no CORS headers. */
  readonly cors?: CorsOrigins;
  /** `Access-Control-Max-Age` of preflight answers, in seconds (default 600). */
  readonly corsMaxAgeSeconds?: number;
  /** `Cache-Control` by kind of file; missing keys keep {@link DEFAULT_CACHE_POLICY}. */
  readonly cacheControl?: Partial<CachePolicy>;
  /**
   * How long a blocking playlist reload (`_HLS_msn`) is held before 503, in ms. Default: 3 × the playlist's
   * EXT-X-TARGETDURATION (RFC 8216bis §6.2.5.2), or 18 s when the playlist has none.
   */
  readonly blockingHoldMs?: number;
  /** Most blocking reloads held at once; more are answered 503 at once (default 10 000). */
  readonly maxBlockedRequests?: number;
  /** Fallback re-read interval of a playlist with held requests, in ms, for file systems without events (default 1000; 0: off). */
  readonly pollIntervalMs?: number;
  /** Longest request target accepted, in characters (default 2048; longer: 414). */
  readonly maxUrlLength?: number;
  /** Largest playlist or MPD read into memory (default 4 MiB); larger ones are streamed without live detection. */
  readonly maxManifestBytes?: number;
  /** Media types by extension (`{ '.m4s': 'video/mp4' }`), added to or replacing the defaults. */
  readonly mimeTypes?: Readonly<Record<string, string>>;
  /** Extra headers on every response (e.g. `Strict-Transport-Security` behind a TLS proxy). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A `node:http` request handler that serves one folder; `close()` answers held requests (503) and stops watching. */
export interface Origin {
  (req: IncomingMessage, res: ServerResponse): void;
  /** The real path of the served folder. */
  readonly root: string;
  /** Number of blocking playlist reloads held right now. */
  readonly held: number;
  /** Ends every held blocking reload with 503 and closes file watchers; later blocking reloads are answered 503. */
  close(): void;
}

/** Settings every request needs, resolved once. */
export interface OriginContext {
  readonly realRoot: string;
  readonly cors: CorsOrigins;
  readonly corsMaxAgeSeconds: number;
  readonly cache: CachePolicy;
  readonly blockingHoldMs: number | undefined;
  readonly maxUrlLength: number;
  readonly maxManifestBytes: number;
  readonly mimeTypes: Readonly<Record<string, MimeEntry>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly waits: PlaylistWaits;
}

/**
 * Creates the request handler of an HTTP origin for an output folder: GET/HEAD/OPTIONS only, correct media types,
 * single byte ranges, ETag/Last-Modified with 304s, CORS, cache headers (immutable segments, short-lived or
 * revalidated playlists), LL-HLS blocking playlist reload, and paths that can never leave the root.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createOrigin } from '@ott/origin';
 * createServer(createOrigin({ root: 'out/vod' })).listen(8080, '127.0.0.1');
 * ```
 */
export function createOrigin(options: OriginOptions): Origin {
  const context = resolveContext(options);
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    handle(context, req, res).catch(() => sendError(res, 500, context.headers));
  };
  return Object.defineProperties(handler, {
    root: { value: context.realRoot, enumerable: true },
    held: { get: () => context.waits.size, enumerable: true },
    close: { value: () => context.waits.close(), enumerable: true },
  }) as Origin;
}

function resolveContext(options: OriginOptions): OriginContext {
  let realRoot: string;
  try {
    realRoot = realpathSync(options.root);
    if (!statSync(realRoot).isDirectory()) throw new Error('not a directory');
  } catch (cause) {
    throw new OttError('ORIGIN_ROOT_INVALID', `the origin root must be an existing folder, got '${options.root}'. Create it or pass the output folder of 'ott vod'.`, {
      stage: 'origin',
      cause,
    });
  }
  const mimeTypes: Record<string, MimeEntry> = { ...DEFAULT_MIME_TYPES };
  for (const [ext, type] of Object.entries(options.mimeTypes ?? {})) {
    const key = (ext.startsWith('.') ? ext : `.${ext}`).toLowerCase();
    mimeTypes[key] = { type, kind: mimeTypes[key]?.kind ?? 'other' };
  }
  const maxManifestBytes = options.maxManifestBytes ?? 4 * 1024 * 1024;
  return {
    realRoot,
    cors: options.cors ?? '*',
    corsMaxAgeSeconds: options.corsMaxAgeSeconds ?? 600,
    cache: { ...DEFAULT_CACHE_POLICY, ...options.cacheControl },
    blockingHoldMs: options.blockingHoldMs,
    maxUrlLength: options.maxUrlLength ?? 2048,
    maxManifestBytes,
    mimeTypes,
    headers: { ...SECURITY_HEADERS, ...options.headers },
    waits: new PlaylistWaits({
      maxPlaylistBytes: maxManifestBytes,
      maxWaiting: options.maxBlockedRequests ?? 10_000,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
    }),
  };
}

async function handle(context: OriginContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const base = { ...context.headers, ...corsHeaders(context.cors, req.headers) };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...context.headers, ...preflightHeaders(context.cors, req.headers, context.corsMaxAgeSeconds), Allow: ALLOWED_METHODS });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, base, { Allow: ALLOWED_METHODS });
  // GET and HEAD carry no body here: refuse one rather than leave unread bytes on a kept-alive connection.
  if (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0) return sendError(res, 413, base, { Connection: 'close' });
  const target = parseRequestTarget(req.url, context.maxUrlLength);
  if (!target.ok) return sendError(res, target.status, base);
  const opened = await openInsideRoot(context.realRoot, target.segments);
  if (!isOpenFile(opened)) return sendError(res, opened.status, base);
  const mime = mimeTypeOf(opened.path, context.mimeTypes);
  if ((mime.kind === 'playlist' || mime.kind === 'mpd') && opened.stats.size <= BigInt(context.maxManifestBytes)) {
    return serveManifest(context, req, res, opened, mime, target.query, base);
  }
  sendRepresentation(req, res, {
    size: Number(opened.stats.size),
    validators: validatorsOf(opened.stats),
    contentType: mime.type,
    cacheControl: cacheControlFor(context.cache, mime.kind, false),
    body: opened.handle,
  }, base);
}

async function serveManifest(
  context: OriginContext,
  req: IncomingMessage,
  res: ServerResponse,
  opened: OpenFile,
  mime: MimeEntry,
  query: URLSearchParams,
  base: Readonly<Record<string, string>>,
): Promise<void> {
  let body: Buffer;
  try {
    body = await opened.handle.readFile();
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
  if (mime.kind === 'playlist') return servePlaylist(context, req, res, { path: opened.path, body, stats: opened.stats, mime, query, base });
  sendRepresentation(req, res, {
    size: body.length,
    validators: validatorsOf(opened.stats),
    contentType: mime.type,
    cacheControl: cacheControlFor(context.cache, mime.kind, isDynamicMpd(body.toString('utf8'))),
    body,
  }, base);
}
