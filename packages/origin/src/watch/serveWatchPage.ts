import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { OttError } from '@ott/core';
import { sendError } from '../http/sendError.js';
import { listStreams, type ListStreamsLimits } from './listStreams.js';
import { WATCH_PAGE_HTML, WATCH_PAGE_SCRIPT, WATCH_PATHS } from './watchPageHtml.js';

/** Options of the watch page (`OriginOptions.watchPage`). */
export interface WatchPageOptions {
  /** Path of the player script, the IIFE build of `@ott/player` (`require.resolve('@ott/player/ott-player.min.js')`). */
  readonly playerScript: string;
  /** Bounds of the stream list's folder walk. */
  readonly listLimits?: ListStreamsLimits;
}

/** What the origin needs to answer the watch page's requests. */
export interface WatchPage {
  readonly playerPath: string;
  readonly listLimits: ListStreamsLimits;
}

/** Checks the options once, when the origin is created. */
export function resolveWatchPage(options: WatchPageOptions): WatchPage {
  if (!existsSync(options.playerScript)) {
    throw new OttError('ORIGIN_ROOT_INVALID', `the watch page's player script '${options.playerScript}' does not exist. Build @ott/player (npm run build) or leave watchPage out.`, { stage: 'origin' });
  }
  return { playerPath: options.playerScript, listLimits: options.listLimits ?? {} };
}

/** Content-Security-Policy of the page: its own scripts only, media from anywhere (a `?src=` URL may be remote). */
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; media-src 'self' blob: data:; connect-src *; img-src 'self' data:; frame-ancestors 'self'";

/**
 * Answers the watch page's own requests: `/` (only while the folder has no `index.html`), its script, the player and
 * the stream list. Returns false for every other request, which the origin serves from the folder as usual. The
 * stream list is empty with 403 while access control is on: stream names are not for viewers without a token.
 */
export async function serveWatchPage(
  page: WatchPage,
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  protectedOrigin: boolean,
  base: Readonly<Record<string, string>>,
): Promise<boolean> {
  const path = (req.url ?? '').split('?', 1)[0];
  switch (path) {
    case '/':
      if (existsSync(join(root, 'index.html'))) return false;
      send(req, res, base, 200, 'text/html; charset=utf-8', WATCH_PAGE_HTML, { 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-cache' });
      return true;
    case WATCH_PATHS.script:
      send(req, res, base, 200, 'text/javascript; charset=utf-8', WATCH_PAGE_SCRIPT, { 'Cache-Control': 'no-cache' });
      return true;
    case WATCH_PATHS.player: {
      const body = await readFile(page.playerPath).catch(() => undefined);
      if (body === undefined) sendError(res, 404, base);
      else send(req, res, base, 200, 'text/javascript; charset=utf-8', body, { 'Cache-Control': 'no-cache' });
      return true;
    }
    case WATCH_PATHS.streams: {
      const streams = protectedOrigin ? [] : await listStreams(root, page.listLimits);
      send(req, res, base, protectedOrigin ? 403 : 200, 'application/json', JSON.stringify({ streams, protected: protectedOrigin }), { 'Cache-Control': 'no-store' });
      return true;
    }
    default:
      return false;
  }
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  base: Readonly<Record<string, string>>,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Readonly<Record<string, string>>,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...base, ...extra, 'Content-Type': type, 'Content-Length': String(bytes.length) });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
