import type { AccessRefusal, StreamResolver } from './AccessOptions.js';

/** Stream names that may reach a folder name or a URL: 1–64 letters, digits, `_` or `-` (as ingest stream keys). */
export const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The default {@link StreamResolver}: the first segment of `/<stream>/<file…>`; a file at the root has no stream. */
export const firstSegmentStream: StreamResolver = (segments) => (segments.length >= 2 ? segments[0] : undefined);

/**
 * The stream a request is for, checked before the file system is touched: 404 `no_stream` when the path names none,
 * 400 `bad_stream_name` when the name is not {@link STREAM_NAME}.
 */
export function resolveStream(segments: readonly string[], streamOf: StreamResolver): { readonly ok: true; readonly stream: string } | ({ readonly ok: false } & AccessRefusal) {
  let stream: string | undefined;
  try {
    stream = streamOf(segments);
  } catch {
    stream = undefined;
  }
  if (stream === undefined) return { ok: false, status: 404, reason: 'no_stream', message: 'this path belongs to no stream' };
  if (!STREAM_NAME.test(stream)) return { ok: false, status: 400, reason: 'bad_stream_name', message: 'stream names are 1-64 letters, digits, "_" or "-"' };
  return { ok: true, stream };
}
