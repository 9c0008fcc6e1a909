import type { BigIntStats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OriginContext } from '../createOrigin.js';
import { cacheControlFor } from '../http/cachePolicy.js';
import { validatorsOf } from '../http/conditional.js';
import type { MimeEntry } from '../http/mimeTypeOf.js';
import { sendError } from '../http/sendError.js';
import { sendRepresentation } from '../http/sendRepresentation.js';
import { isSatisfied, isTooFarAhead, readBlockingQuery } from './blockingReload.js';
import { readPlaylistProgress, type PlaylistProgress } from './readPlaylistProgress.js';
import { readSkipDirective, renderDeltaPlaylist, type SkipDirective } from './renderDeltaPlaylist.js';
import { rewriteHlsPlaylist } from '../auth/rewriteHlsPlaylist.js';
import { rewrittenValidators } from '../auth/rewrittenValidators.js';

/** A playlist file as read for one request. */
export interface PlaylistRequest {
  readonly path: string;
  readonly body: Buffer;
  readonly stats: BigIntStats;
  readonly mime: MimeEntry;
  readonly query: URLSearchParams;
  readonly base: Readonly<Record<string, string>>;
  /** Encoded query to append to every URI of the playlist (access control: the viewer's token or signed URL). */
  readonly rewriteQuery?: string | undefined;
}

/** Hold time when neither the options nor the playlist say: 3 × a 6 s target duration. */
const FALLBACK_HOLD_MS = 18_000;

/**
 * Serves an HLS playlist, holding it when the request carries `_HLS_msn` (and `_HLS_part`) that the playlist does
 * not list yet (RFC 8216bis §6.2.5.2): answered as soon as the file is rewritten to contain the segment or part, 400
 * when the request is too far ahead, 503 when the hold time runs out. A playlist with EXT-X-ENDLIST, or a
 * multivariant playlist, is answered at once. Live media playlists get the `livePlaylist` cache policy. With
 * `_HLS_skip=YES|v2` (also combined with `_HLS_msn`) the answer is the Playlist Delta Update of the version served
 * (§6.2.5.1), when the playlist offers them (`CAN-SKIP-UNTIL`). With `rewriteQuery` every URI of the version served
 * (full or delta) gets the viewer's credential appended, and its own ETag.
 */
export async function servePlaylist(context: OriginContext, req: IncomingMessage, res: ServerResponse, request: PlaylistRequest): Promise<void> {
  const { base } = request;
  const progress = progressOf(request.body);
  const blocking = readBlockingQuery(request.query);
  if (blocking.kind === 'invalid') return sendError(res, 400, base);
  if (blocking.kind === 'none' || !progress.isMedia || isSatisfied(progress, blocking.request)) {
    return send(context, req, res, request, request.body, request.stats, progress);
  }
  if (isTooFarAhead(progress, blocking.request)) return sendError(res, 400, base);
  const holdMs = context.blockingHoldMs ?? (progress.targetDuration ? progress.targetDuration * 3000 : FALLBACK_HOLD_MS);
  const abort = new AbortController();
  const onClose = (): void => abort.abort();
  res.once('close', onClose);
  const outcome = await context.waits.wait(request.path, blocking.request, holdMs, abort.signal);
  res.off('close', onClose);
  if (outcome.kind === 'aborted') return;
  if (outcome.kind !== 'ready') return sendError(res, 503, base, { 'Retry-After': '1' });
  const { snapshot } = outcome;
  send(context, req, res, request, snapshot.body, snapshot.stats, snapshot.progress);
}

// What was read from and rendered for one playlist version, by the identity of its bytes: the origin's file cache
// and a blocking reload's snapshot hand the same Buffer to every viewer, so a thousand viewers of one version cost one
// parse, and one rewrite per credential (all viewers of a signed URL share one) and delta kind.
const progresses = new WeakMap<Buffer, PlaylistProgress>();
const payloads = new WeakMap<Buffer, Map<string, { readonly payload: Buffer; readonly delta: boolean }>>();
const PAYLOADS_PER_VERSION = 16;

function progressOf(body: Buffer): PlaylistProgress {
  let progress = progresses.get(body);
  if (progress === undefined) {
    progress = readPlaylistProgress(body.toString('utf8'));
    progresses.set(body, progress);
  }
  return progress;
}

function payloadOf(body: Buffer, skip: SkipDirective | undefined, rewriteQuery: string | undefined): { readonly payload: Buffer; readonly delta: boolean } {
  if (skip === undefined && rewriteQuery === undefined) return { payload: body, delta: false };
  const key = `${skip ?? ''}\n${rewriteQuery ?? ''}`;
  let rendered = payloads.get(body);
  const known = rendered?.get(key);
  if (known !== undefined) return known;
  const delta = skip ? renderDeltaPlaylist(body.toString('utf8'), skip) : undefined;
  const text = delta ?? body.toString('utf8');
  const result = { payload: Buffer.from(rewriteQuery === undefined ? text : rewriteHlsPlaylist(text, rewriteQuery), 'utf8'), delta: delta !== undefined };
  if (rendered === undefined) payloads.set(body, (rendered = new Map()));
  if (rendered.size >= PAYLOADS_PER_VERSION) rendered.clear();
  rendered.set(key, result);
  return result;
}

function send(context: OriginContext, req: IncomingMessage, res: ServerResponse, request: PlaylistRequest, body: Buffer, stats: BigIntStats, progress: PlaylistProgress): void {
  const live = progress.isMedia && !progress.ended;
  const skip = live ? readSkipDirective(request.query) : undefined;
  const validators = validatorsOf(stats);
  const { rewriteQuery } = request;
  const { payload, delta } = payloadOf(body, skip, rewriteQuery);
  sendRepresentation(req, res, {
    size: payload.length,
    // A delta is another representation of the same file version: its own strong validator (RFC 9110 §8.8.3).
    validators: rewrittenValidators(!delta ? validators : { ...validators, etag: `${validators.etag.slice(0, -1)}-${skip === 'v2' ? 'skip2' : 'skip'}"` }, rewriteQuery),
    contentType: request.mime.type,
    cacheControl: cacheControlFor(context.cache, request.mime.kind, live),
    body: payload,
  }, request.base);
}
