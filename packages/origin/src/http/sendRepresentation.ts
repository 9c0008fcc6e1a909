import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { ifRangeMatches, isNotModified, type Validators } from './conditional.js';
import { parseRange } from './parseRange.js';

/** What to send: the validators and size of one file version and its bytes (in memory or an open file). */
export interface Representation {
  readonly size: number;
  readonly validators: Validators;
  readonly contentType: string;
  readonly cacheControl: string;
  /** A small file read whole (playlists), or an open file streamed with backpressure (segments). */
  readonly body: Buffer | FileHandle;
}

function release(body: Buffer | FileHandle): void {
  if (!Buffer.isBuffer(body)) void body.close().catch(() => undefined);
}

/**
 * Answers a GET or HEAD with one file version: 304 for a matching conditional request, 206 for a satisfiable single
 * `Range`, 416 for an unsatisfiable one, else 200. Files are streamed from the open descriptor through
 * `stream.pipeline`, so a slow client pauses the disk reads (no whole-file buffering) and a client that goes away
 * closes the file.
 */
export function sendRepresentation(req: IncomingMessage, res: ServerResponse, rep: Representation, baseHeaders: Readonly<Record<string, string>>): void {
  const headers: Record<string, string> = {
    ...baseHeaders,
    ETag: rep.validators.etag,
    'Last-Modified': rep.validators.lastModified,
    'Cache-Control': rep.cacheControl,
    'Accept-Ranges': 'bytes',
  };
  if (isNotModified(req.headers, rep.validators)) {
    release(rep.body);
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const wanted = ifRangeMatches(req.headers, rep.validators) ? parseRange(req.headers.range, rep.size) : { kind: 'none' as const };
  if (wanted.kind === 'unsatisfiable') {
    release(rep.body);
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${rep.size}`, 'Content-Length': '0' });
    res.end();
    return;
  }
  const start = wanted.kind === 'range' ? wanted.range.start : 0;
  const end = wanted.kind === 'range' ? wanted.range.end : rep.size - 1;
  const length = Math.max(0, end - start + 1);
  headers['Content-Type'] = rep.contentType;
  headers['Content-Length'] = String(length);
  if (wanted.kind === 'range') headers['Content-Range'] = `bytes ${start}-${end}/${rep.size}`;
  res.writeHead(wanted.kind === 'range' ? 206 : 200, headers);
  if (req.method === 'HEAD' || length === 0) {
    release(rep.body);
    res.end();
    return;
  }
  if (Buffer.isBuffer(rep.body)) {
    res.end(rep.body.subarray(start, end + 1));
    return;
  }
  const stream = rep.body.createReadStream({ start, end, autoClose: true });
  // pipeline destroys both sides on error or early close; nothing to report to a client that has gone.
  pipeline(stream, res, () => undefined);
}
