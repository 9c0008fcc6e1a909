import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { OttError, isOttError, locateBinary } from '@ott/core';
import type { LiveStream, PublisherEvent, StreamHealthEvent, WarningEvent } from '@ott/core';
import { LiveStreamHub } from '../live/LiveStreamHub.js';
import { isValidStreamKey } from '../live/validateStreamKey.js';
import type { WhipIceOptions } from './answerWhipOffer.js';
import { loadWerift } from './loadWerift.js';
import { isSdpContentType, readBearerToken, readBody, sendText, setCorsHeaders } from './whipHttp.js';
import { WhipSession } from './WhipSession.js';

/** What the {@link WhipServerOptions.authorize} hook is asked about. */
export interface WhipAuthorizeRequest {
  readonly streamKey: string;
  /** The `Authorization: Bearer` token (RFC 9725 §4.5), if the publisher sent one. */
  readonly token?: string;
  readonly remoteAddress?: string;
}

/** Options of {@link createWhipServer}. */
export interface WhipServerOptions extends WhipIceOptions {
  /** HTTP port (0 picks a free one; read it from {@link WhipServer.port}). */
  readonly port: number;
  /** HTTP listen address (default `127.0.0.1`). ICE host candidates follow it unless `iceHostAddress` is set. */
  readonly host?: string;
  /** Path prefix of the WHIP endpoints (default `/whip`): publishers POST to `<path>/<streamKey>`. */
  readonly path?: string;
  /** Accepts or refuses a publisher: refused without a token → 401, with one → 403. Default: everyone. */
  readonly authorize?: (request: WhipAuthorizeRequest) => boolean | Promise<boolean>;
  /** Grace period for a publisher to come back (ms, default 10 000); ignored when `hub` is given. */
  readonly graceMs?: number;
  /** Bookkeeping to publish into (a hub created with `protocol: 'whip'`); default: the server's own. */
  readonly hub?: LiveStreamHub;
  /** ffmpeg binary (default: `FFMPEG_PATH`, then `PATH`). */
  readonly ffmpegPath?: string;
  /** `Access-Control-Allow-Origin` of every response (default `*`: pages on any origin may publish). */
  readonly allowOrigin?: string;
  /** How long ffmpeg waits for a missing RTP packet (reordering, NACK retransmission), ms (default 100). */
  readonly reorderDelayMs?: number;
  /** The session ends when no RTP arrives for this long, ms (default 10 000). */
  readonly mediaTimeoutMs?: number;
  /** Most HTTP connections at once; more are refused by the server (default 1000). */
  readonly maxConnections?: number;
  /** Time to receive a request's headers, and the whole request, in ms (defaults 10 000 and 30 000). */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** A running WHIP ingest. */
export interface WhipServer {
  /** One {@link LiveStream} per stream key as its first publisher arrives (protocol `whip`). */
  readonly streams: Observable<LiveStream>;
  /** Publisher connect/disconnect/refused, stream-health and warning events of every stream. */
  readonly events: Observable<PublisherEvent | StreamHealthEvent | WarningEvent>;
  /** The HTTP port listened on. */
  readonly port: number;
  /** Base URL of the endpoints, e.g. `http://127.0.0.1:8080/whip` (POST to `<url>/<streamKey>`). */
  readonly url: string;
  /** Ends every session, stops listening and (if it owns it) closes the hub: its streams complete. */
  close(): Promise<void>;
}

interface ServerState {
  readonly options: WhipServerOptions;
  readonly prefix: string;
  readonly hub: LiveStreamHub;
  readonly ffmpegPath: string;
  readonly sessions: Map<string, WhipSession>;
  readonly negotiating: Set<string>;
  closed: boolean;
}

/**
 * Starts a WHIP ingest (RFC 9725): publishers `POST` an SDP offer to `<path>/<streamKey>` and get `201 Created` with
 * the answer (all ICE candidates; no trickle) and a `Location` to `DELETE` when they stop. Media (H.264 or VP8 +
 * Opus) is remuxed, without transcoding, to matroska by one ffmpeg per publisher and emitted as a `LiveInput`.
 *
 * @example
 * ```ts
 * const whip = await createWhipServer({ port: 8080, authorize: ({ token }) => token === process.env.WHIP_TOKEN });
 * whip.streams.subscribe((stream) => stream.items.subscribe((item) => console.log(stream.streamKey, item.type)));
 * // browser: fetch('http://127.0.0.1:8080/whip/cam1', { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: offer.sdp })
 * ```
 * @throws {OttError} `INGEST_LISTEN_FAILED` when the port cannot be bound; `FFMPEG_NOT_FOUND` without ffmpeg;
 * `INGEST_UNAVAILABLE` when the optional peer dependency `werift` is not installed.
 */
export async function createWhipServer(options: WhipServerOptions): Promise<WhipServer> {
  // werift is loaded now, so a missing install fails here and not at the first publisher's offer.
  await loadWerift();
  const host = options.host ?? '127.0.0.1';
  const ownHub = options.hub === undefined;
  const state: ServerState = {
    options: { ...options, ...(options.iceHostAddress === undefined && defaultIceAddress(host) ? { iceHostAddress: defaultIceAddress(host) } : {}) },
    prefix: `/${(options.path ?? '/whip').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, ''),
    hub: options.hub ?? new LiveStreamHub({ protocol: 'whip', ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}) }),
    ffmpegPath: options.ffmpegPath ?? locateBinary('ffmpeg'),
    sessions: new Map(),
    negotiating: new Set(),
    closed: false,
  };
  // Bounded before anyone is authorised: header and request time (a slow client cannot hold a socket open for
  // minutes), connections in all; an offer is at most MAX_OFFER_BYTES (413, connection closed).
  const server = createServer({ headersTimeout: options.headersTimeoutMs ?? 10_000, requestTimeout: options.requestTimeoutMs ?? 30_000 }, (req, res) => {
    handleRequest(state, req, res).catch((error: unknown) => sendText(res, 500, `Internal error: ${(error as Error).message}`));
  });
  server.maxConnections = options.maxConnections ?? 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) => reject(new OttError('INGEST_LISTEN_FAILED', `The WHIP server cannot listen on ${host}:${options.port}: ${cause.message}. Pick another port or host.`, { stage: 'ingest', cause })));
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    streams: state.hub.streams,
    events: state.hub.events,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${state.prefix}`,
    close: async () => {
      if (state.closed) return;
      state.closed = true;
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all([...state.sessions.values()].map((session) => session.end('WHIP server closed')));
      state.sessions.clear();
      if (ownHub) state.hub.close();
      await closing;
    },
  };
}

async function handleRequest(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  setCorsHeaders(res, state.options.allowOrigin ?? '*', req);
  const pathname = new URL(req.url ?? '/', 'http://whip.invalid').pathname;
  const parts = pathname.startsWith(`${state.prefix}/`) ? pathname.slice(state.prefix.length + 1).split('/') : [];
  const [streamKey, resourceId] = parts;
  if (!streamKey || parts.length > 2) return sendText(res, 404, `No WHIP endpoint here: POST to ${state.prefix}/<streamKey>.`);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, parts.length === 1 ? { 'Accept-Post': 'application/sdp' } : {});
    return void res.end();
  }
  if (resourceId !== undefined) return handleResource(state, req, res, streamKey, resourceId);
  if (req.method !== 'POST') return sendText(res, 405, 'A WHIP endpoint takes POST (an SDP offer) and OPTIONS.', { Allow: 'POST, OPTIONS' });
  return handlePost(state, req, res, streamKey);
}

async function handlePost(state: ServerState, req: IncomingMessage, res: ServerResponse, streamKey: string): Promise<void> {
  const remoteAddress = req.socket.remoteAddress;
  const refuse = (status: number, reason: string, headers: Record<string, string> = {}): void => {
    state.hub.refused(isValidStreamKey(streamKey) ? streamKey : streamKey.slice(0, 80), reason, remoteAddress);
    req.resume();
    sendText(res, status, reason, headers);
  };
  if (state.closed) return sendText(res, 503, 'The WHIP server is closing.');
  if (!isValidStreamKey(streamKey)) return refuse(400, 'Invalid stream key: use 1–64 letters, digits, "_" or "-".');
  const token = readBearerToken(req);
  if (state.options.authorize && !(await authorized(state, { streamKey, ...(token ? { token } : {}), ...(remoteAddress ? { remoteAddress } : {}) }))) {
    return token
      ? refuse(403, 'The bearer token is not allowed to publish this stream.')
      : refuse(401, 'Publishing needs an "Authorization: Bearer <token>" header (RFC 9725 §4.5).', { 'WWW-Authenticate': 'Bearer' });
  }
  if (!isSdpContentType(req)) {
    req.resume();
    return sendText(res, 415, `Expected Content-Type: application/sdp (an SDP offer), got ${req.headers['content-type'] ?? 'none'}.`, { 'Accept-Post': 'application/sdp' });
  }
  const offer = await readBody(req);
  if (offer === undefined) return sendText(res, 413, 'The SDP offer is larger than 128 KiB.', { Connection: 'close' });
  if (state.hub.isPublishing(streamKey) || state.negotiating.has(streamKey)) return refuse(409, `Stream "${streamKey}" already has a publisher.`);
  state.negotiating.add(streamKey);
  let session: WhipSession;
  try {
    session = await WhipSession.start({
      streamKey,
      offer,
      hub: state.hub,
      ffmpegPath: state.ffmpegPath,
      ice: state.options,
      ...(remoteAddress ? { remoteAddress } : {}),
      ...(token ? { token } : {}),
      reorderDelayMs: state.options.reorderDelayMs ?? 100,
      keyframeRequestIntervalMs: 2000,
      mediaTimeoutMs: state.options.mediaTimeoutMs ?? 10_000,
      onEnded: (ended) => {
        if (state.sessions.get(ended.id) === ended) state.sessions.delete(ended.id);
      },
    });
  } catch (error) {
    if (isOttError(error) && error.code === 'INGEST_PROTOCOL') return sendText(res, 400, error.message);
    state.hub.warn(streamKey, isOttError(error) ? error.code : 'INGEST_PROTOCOL', `A WHIP session for "${streamKey}" could not start: ${(error as Error).message}`);
    return sendText(res, 500, `The WHIP session could not start: ${(error as Error).message}`);
  } finally {
    state.negotiating.delete(streamKey);
  }
  if (state.closed) {
    await session.end('WHIP server closed');
    return sendText(res, 503, 'The WHIP server is closing.');
  }
  state.sessions.set(session.id, session);
  // RFC 9725 §4.2: 201 Created with the answer and the WHIP session URL (relative) in Location.
  res.writeHead(201, {
    'Content-Type': 'application/sdp',
    Location: `${state.prefix}/${streamKey}/${session.id}`,
    'Content-Length': Buffer.byteLength(session.answer),
    'Cache-Control': 'no-store',
  });
  res.end(session.answer);
}

async function handleResource(state: ServerState, req: IncomingMessage, res: ServerResponse, streamKey: string, id: string): Promise<void> {
  req.resume();
  const session = state.sessions.get(id);
  if (!session || session.streamKey !== streamKey || session.isEnding) return sendText(res, 404, 'No such WHIP session (it ended, or the URL is wrong).');
  if (req.method === 'PATCH') {
    // RFC 9725 §4.3.1: a WHIP session that supports neither trickle ICE nor ICE restarts answers PATCH with 405.
    return sendText(res, 405, 'This WHIP server does not support trickle ICE or ICE restarts: send a complete offer.', { Allow: 'DELETE, OPTIONS' });
  }
  if (req.method !== 'DELETE') return sendText(res, 405, 'A WHIP session URL takes DELETE.', { Allow: 'DELETE, OPTIONS' });
  if (session.token !== undefined && readBearerToken(req) !== session.token) return sendText(res, 403, 'DELETE needs the bearer token the session was created with.');
  state.sessions.delete(id);
  // RFC 9725 §4.3: DELETE terminates the session; ffmpeg finishing its output does not delay the answer.
  void session.end('publisher sent DELETE');
  sendText(res, 200, 'WHIP session ended.');
}

async function authorized(state: ServerState, request: WhipAuthorizeRequest): Promise<boolean> {
  try {
    return (await state.options.authorize?.(request)) === true;
  } catch (error) {
    state.hub.warn(request.streamKey, 'INGEST_REFUSED', `The WHIP authorize hook threw: ${(error as Error).message}; the publisher was refused.`);
    return false;
  }
}

function defaultIceAddress(host: string): string | undefined {
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return '127.0.0.1';
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) && host !== '0.0.0.0' ? host : undefined;
}
