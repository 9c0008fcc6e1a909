import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OriginContext } from '../createOrigin.js';
import { resolveFolderInsideRoot } from '../files/resolveFolderInsideRoot.js';
import { mimeTypeOf } from '../http/mimeTypeOf.js';
import { sendError } from '../http/sendError.js';
import { followSegmentFeed } from './followSegmentFeed.js';
import { parseMediaFileName } from '@ott/core';

/** A request for a file that does not exist (yet). */
export interface MissingMediaRequest {
  /** Checked request path segments of the folder. */
  readonly folderSegments: readonly string[];
  /** The requested file name. */
  readonly name: string;
  readonly base: Readonly<Record<string, string>>;
  /** Serves the file the normal way (length, validators, ranges, immutable caching) once it exists. */
  readonly serveFile: () => Promise<void>;
}

/**
 * Answers a request for a live `.m4s` file that does not exist yet, in a folder that does:
 * - a segment (`seg-00005.m4s`) whose parts exist or appear within `awaitMissingMs` is streamed with chunked
 *   transfer as its parts are published ({@link followSegmentFeed}); if the complete file appears before anything
 *   was sent it is served as a normal file;
 * - a part (`seg-00005.p1.m4s`, typically named by an `EXT-X-PRELOAD-HINT` before it exists, RFC 8216bis
 *   §4.4.5.3) is held until it appears, then served as a normal file;
 * - anything else, or nothing within `awaitMissingMs`: 404 (with `no-store`, so the miss is not cached).
 */
export async function serveMissingMedia(context: OriginContext, req: IncomingMessage, res: ServerResponse, request: MissingMediaRequest): Promise<void> {
  const { base } = request;
  const media = parseMediaFileName(request.name); // a segment or part of the layout; anything else is never waited for
  if (!media || context.awaitMissingMs <= 0) return sendError(res, 404, base);
  const folder = await resolveFolderInsideRoot(context.realRoot, request.folderSegments);
  if (folder === undefined) return sendError(res, 404, base);
  if (!context.media.enter()) return sendError(res, 503, base, { 'Retry-After': '1' });
  let counted = true;
  const leave = (): void => {
    if (counted) context.media.leave();
    counted = false;
  };
  try {
    if (media.kind === 'part') {
      const abort = new AbortController();
      const onClose = (): void => abort.abort();
      res.once('close', onClose);
      const outcome = await context.media.waitForFile(folder, request.name, context.awaitMissingMs, abort.signal);
      res.off('close', onClose);
      leave();
      if (outcome === 'ready') return await request.serveFile();
      if (outcome === 'timeout') return sendError(res, 404, base);
      if (outcome === 'closed') return sendError(res, 503, base, { 'Retry-After': '1' });
      return;
    }
    const feed = context.media.feed(folder, request.name, media.number);
    const outcome = await followSegmentFeed(feed, req, res, {
      headers: {
        ...base,
        'Content-Type': mimeTypeOf(request.name, context.mimeTypes).type,
        'Cache-Control': context.cache.inProgressSegment,
        // nginx (and proxies that follow it) would otherwise buffer the response and hold each CMAF chunk back.
        'X-Accel-Buffering': 'no',
      },
      firstByteWaitMs: context.awaitMissingMs,
      onGiveUp: (reason, bytesSent) =>
        context.warn(
          'ORIGIN_SEGMENT_INCOMPLETE',
          reason === 'hold-time'
            ? `segment ${request.name} was not complete within the hold time; ended its response after ${bytesSent} bytes (whole parts). Is the packager still running?`
            : `segment ${request.name} is shorter than the parts already sent (${bytesSent} bytes); ended its response. The segment file must be the concatenation of its parts.`,
        ),
    });
    leave();
    if (outcome === 'complete') return await request.serveFile();
    if (outcome === 'missing') return sendError(res, 404, base);
    if (outcome === 'closed') return sendError(res, 503, base, { 'Retry-After': '1' });
  } finally {
    leave();
  }
}
