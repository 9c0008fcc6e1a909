import { realpathSync, statSync } from 'node:fs';
import type { WarningCode } from '@ott/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OttError, type WarningEvent, type Webhooks } from '@ott/core';
import type { AccessOptions } from './auth/AccessOptions.js';
import { authorizeRequest, type RequestAccess } from './auth/authorizeRequest.js';
import { resolveAccessContext, type AccessContext } from './auth/resolveAccessContext.js';
import { rewrittenValidators } from './auth/rewrittenValidators.js';
import { rewriteMpd } from './auth/rewriteMpd.js';
import { sendRefusal } from './auth/sendRefusal.js';
import { FolderWatches } from './files/FolderWatches.js';
import { HotFiles, type CachedFile } from './files/HotFiles.js';
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
import { MediaWaits } from './live/MediaWaits.js';
import { serveMissingMedia } from './live/serveMissingMedia.js';
import { serveTime, TIME_PATH } from './live/serveTime.js';
import { resolveWatchPage, serveWatchPage, type WatchPage, type WatchPageOptions } from './watch/serveWatchPage.js';

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
  /**
   * Most requests held at once, counted separately for blocking reloads and for live media not there yet (in-progress
   * segments, awaited parts); more are answered 503 at once (default 10 000).
   */
  readonly maxBlockedRequests?: number;
  /** Fallback re-read interval of watched folders, in ms, for file systems without change events (default 1000; 0: off). */
  readonly pollIntervalMs?: number;
  /**
   * How long a request for a live `.m4s` that does not exist yet waits for it, in ms (default 2000; 0: 404 at once):
   * for a segment, until its first part (or the whole file) appears; for a part (named by an EXT-X-PRELOAD-HINT),
   * until it appears. A request may arrive a part duration early (clock skew, preload hints); after the wait: 404.
   */
  readonly awaitMissingMs?: number;
  /**
   * Longest time an in-progress segment is streamed, in ms; then the response is ended where it is (a `warning`).
   * Default: 3 × the EXT-X-TARGETDURATION of the `playlist.m3u8` beside the segment, or 18 s without one.
   */
  readonly inProgressHoldMs?: number;
  /** Largest in-progress segment held in memory, in bytes (default 64 MiB). */
  readonly maxInProgressBytes?: number;
  /** Receives recoverable problems (`ORIGIN_SEGMENT_INCOMPLETE`: an in-progress segment ended early). */
  readonly onWarning?: (warning: WarningEvent) => void;
  /** Longest request target accepted, in characters (default 2048; longer: 414). */
  readonly maxUrlLength?: number;
  /** Largest playlist or MPD read into memory (default 4 MiB); larger ones are streamed without live detection. */
  readonly maxManifestBytes?: number;
  /** Media types by extension (`{ '.m4s': 'video/mp4' }`), added to or replacing the defaults. */
  readonly mimeTypes?: Readonly<Record<string, string>>;
  /** Extra headers on every response (e.g. `Strict-Transport-Security` behind a TLS proxy). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Playback tokens (JWT) and/or signed URLs, checked on every file request before the file system is touched;
   * refusals are 401/403 with an `X-Ott-Reason` code. Manifests are rewritten so that segment requests carry the
   * credential (or a cookie is set). See docs/origin.md, "Access control".
   */
  readonly access?: AccessOptions;
  /**
   * Asks `webhooks.onPlay` (a `createWebhooks` client from `@ott/core`) before the first playlist or MPD of a viewer
   * is served: a refusal is 403 `play_refused`, an unanswered question (fail closed) 503. Decisions are reused per
   * viewer (stream, credential, address) for `playDecisionTtlMs`.
   */
  readonly webhooks?: Pick<Webhooks, 'onPlay'>;
  /** How long an `onPlay` decision is reused for the same viewer, in ms (default 30 000). */
  readonly playDecisionTtlMs?: number;
  /** Small files served lately, in memory, checked with one `lstat` per request: `maxBytes` in all (default 64 MiB),
   * files up to `maxFileBytes` (default 1 MiB); `false`: every request opens and reads the file. */
  readonly fileCache?: false | { readonly maxBytes?: number; readonly maxFileBytes?: number };
  /**
   * A watch page at `/` while the folder has no `index.html`: `@ott/player` with a list of the streams found in the
   * folder, quality, audio and subtitle menus and a stats overlay (`ott serve` turns it on). With access control on,
   * the list is not shown and the page takes `?src=<stream>/master.m3u8&token=<token>`.
   */
  readonly watchPage?: WatchPageOptions;
}

/** A `node:http` request handler that serves one folder; `close()` answers held requests (503) and stops watching. */
export interface Origin {
  (req: IncomingMessage, res: ServerResponse): void;
  /** The real path of the served folder. */
  readonly root: string;
  /** Number of blocking playlist reloads held right now. */
  readonly held: number;
  /** Number of requests for live media not complete yet: waiting for a segment or part, or streaming an in-progress segment. */
  readonly pendingMedia: number;
  /**
   * Ends every held blocking reload and media wait with 503, ends in-progress segment streams, and closes file
   * watchers; later such requests are answered 503.
   */
  close(): void;
}

/** Settings every request needs, resolved once. */
export interface OriginContext extends AccessContext {
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
  readonly media: MediaWaits;
  readonly awaitMissingMs: number;
  readonly warn: (code: WarningCode, message: string) => void;
  readonly files: HotFiles | undefined;
  readonly watchPage: WatchPage | undefined;
}

/**
 * Creates the request handler of an HTTP origin for an output folder: GET/HEAD/OPTIONS only, correct media types,
 * single byte ranges, ETag/Last-Modified with 304s, CORS, cache headers (immutable segments, short-lived or
 * revalidated playlists), LL-HLS blocking playlist reload and delta updates, chunked transfer of live segments still
 * being built (LL-DASH), a clock for DASH `UTCTiming` at `/.ott/time`, and paths that can never leave the root.
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
    handle(context, req, res).catch((error: unknown) => {
      // Never a silent 500: the operator learns what broke (the viewer only gets the status).
      context.warn('ORIGIN_INTERNAL', `${req.method ?? 'GET'} ${(req.url ?? '').slice(0, 200)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sendError(res, 500, context.headers);
    });
  };
  return Object.defineProperties(handler, {
    root: { value: context.realRoot, enumerable: true },
    held: { get: () => context.waits.size, enumerable: true },
    pendingMedia: { get: () => context.media.size, enumerable: true },
    close: {
      value: () => {
        context.waits.close();
        context.media.close();
      },
      enumerable: true,
    },
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
  const maxWaiting = options.maxBlockedRequests ?? 10_000;
  const folders = new FolderWatches(options.pollIntervalMs ?? 1000);
  const onWarning = options.onWarning;
  const cache = { ...DEFAULT_CACHE_POLICY, ...options.cacheControl };
  return {
    realRoot,
    cors: options.cors ?? '*',
    corsMaxAgeSeconds: options.corsMaxAgeSeconds ?? 600,
    cache,
    blockingHoldMs: options.blockingHoldMs,
    maxUrlLength: options.maxUrlLength ?? 2048,
    maxManifestBytes,
    mimeTypes,
    headers: { ...SECURITY_HEADERS, ...options.headers },
    waits: new PlaylistWaits({ maxPlaylistBytes: maxManifestBytes, maxWaiting, folders }),
    media: new MediaWaits({
      folders,
      maxWaiting,
      maxSegmentBytes: options.maxInProgressBytes ?? 64 * 1024 * 1024,
      holdMs: options.inProgressHoldMs,
    }),
    awaitMissingMs: options.awaitMissingMs ?? 2000,
    files: options.fileCache === false ? undefined : new HotFiles({ maxBytes: options.fileCache?.maxBytes ?? 64 * 1024 * 1024, maxFileBytes: options.fileCache?.maxFileBytes ?? 1024 * 1024 }),
    watchPage: options.watchPage === undefined ? undefined : resolveWatchPage(options.watchPage),
    warn: (code, message) => onWarning?.({ type: 'warning', stage: 'origin', code, message }),
    ...resolveAccessContext(options, cache),
  };
}

async function handle(origin: OriginContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const credentials = origin.access?.cookies ?? false;
  const base = { ...origin.headers, ...corsHeaders(origin.cors, req.headers, credentials) };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...origin.headers, ...preflightHeaders(origin.cors, req.headers, origin.corsMaxAgeSeconds, credentials), Allow: ALLOWED_METHODS });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, base, { Allow: ALLOWED_METHODS });
  // GET and HEAD carry no body here: refuse one rather than leave unread bytes on a kept-alive connection.
  if (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0) return sendError(res, 413, base, { Connection: 'close' });
  // The clock for DASH UTCTiming lives under a dot folder, which the path rules below refuse for files.
  if (req.url !== undefined && req.url.split('?', 1)[0] === TIME_PATH) return serveTime(req, res, base);
  if (origin.watchPage !== undefined && (await serveWatchPage(origin.watchPage, req, res, origin.realRoot, origin.access !== undefined, base))) return;
  // `/` is the folder's own index.html, where it has one (the watch page, when on, answered `/` otherwise).
  const requested = req.url === '/' || req.url?.startsWith('/?') ? `/index.html${req.url.slice(1)}` : req.url;
  const target = parseRequestTarget(requested, origin.maxUrlLength);
  if (!target.ok) return sendError(res, target.status, base);
  // Tokens, signed URLs, the stream name and the play webhook are checked before the file system is touched.
  const access = await authorizeRequest(origin, req, target.segments, target.query);
  if (!access.ok) return sendRefusal(res, access, base);
  const { context } = access;
  const opened = await openInsideRoot(context.realRoot, target.segments, context.files, scopeOf(context));
  if (!isOpenFile(opened)) {
    if (!opened.missing) return sendError(res, opened.status, base);
    // Not there (yet): a live segment being built, or a part announced ahead of time, may be waited for.
    return serveMissingMedia(context, req, res, {
      folderSegments: target.segments.slice(0, -1),
      name: target.segments[target.segments.length - 1] ?? '',
      base,
      serveFile: () => serveExisting(context, req, res, target.segments, target.query, base, access),
    });
  }
  return serveOpened(context, req, res, opened, target.query, base, access);
}

/** With access control on, files resolve inside their stream's folder (the first path segment), symlinks included. */
function scopeOf(context: OriginContext): number {
  return context.access === undefined ? 0 : 1;
}

/** Serves a file that is known to exist now (a live file that has just appeared); 404 if it is gone again. */
async function serveExisting(
  context: OriginContext,
  req: IncomingMessage,
  res: ServerResponse,
  segments: readonly string[],
  query: URLSearchParams,
  base: Readonly<Record<string, string>>,
  access: RequestAccess,
): Promise<void> {
  const opened = await openInsideRoot(context.realRoot, segments, context.files, scopeOf(context));
  if (!isOpenFile(opened)) return sendError(res, opened.status, base);
  return serveOpened(context, req, res, opened, query, base, access);
}

async function serveOpened(
  context: OriginContext,
  req: IncomingMessage,
  res: ServerResponse,
  opened: OpenFile | CachedFile,
  query: URLSearchParams,
  base: Readonly<Record<string, string>>,
  access: RequestAccess,
): Promise<void> {
  const mime = mimeTypeOf(opened.path, context.mimeTypes);
  if ((mime.kind === 'playlist' || mime.kind === 'mpd') && opened.stats.size <= BigInt(context.maxManifestBytes)) {
    return serveManifest(context, req, res, opened, mime, query, { ...base, ...access.manifestHeaders }, access.rewriteQuery);
  }
  sendRepresentation(req, res, {
    size: Number(opened.stats.size),
    validators: validatorsOf(opened.stats),
    contentType: mime.type,
    cacheControl: cacheControlFor(context.cache, mime.kind, false),
    body: 'handle' in opened ? opened.handle : opened.body,
  }, base);
}

async function serveManifest(
  context: OriginContext,
  req: IncomingMessage,
  res: ServerResponse,
  opened: OpenFile | CachedFile,
  mime: MimeEntry,
  query: URLSearchParams,
  base: Readonly<Record<string, string>>,
  rewriteQuery: string | undefined,
): Promise<void> {
  const body = 'body' in opened ? opened.body : await opened.handle.readFile().finally(() => opened.handle.close().catch(() => undefined));
  if (mime.kind === 'playlist') return servePlaylist(context, req, res, { path: opened.path, body, stats: opened.stats, mime, query, base, rewriteQuery });
  const text = body.toString('utf8');
  const payload = rewriteQuery === undefined ? body : Buffer.from(rewriteMpd(text, rewriteQuery), 'utf8');
  sendRepresentation(req, res, {
    size: payload.length,
    validators: rewrittenValidators(validatorsOf(opened.stats), rewriteQuery),
    contentType: mime.type,
    cacheControl: cacheControlFor(context.cache, mime.kind, isDynamicMpd(text)),
    body: payload,
  }, base);
}
