
/** Kind of file an extension names: decides the cache policy and whether blocking reload applies. */
export type FileKind = 'playlist' | 'mpd' | 'segment' | 'other';

/** Media type and kind of one extension. */
export interface MimeEntry {
  readonly type: string;
  readonly kind: FileKind;
}

/**
 * The types an @ott output folder (and the demo player page beside it) needs. `.m4s` is `video/iso.segment`
 * (the IANA type for CMAF/ISO BMFF media segments, RFC 8216bis §3.1.2 lists it); players fetch segments with XHR/fetch
 * and do not look at it, so a user who needs `video/mp4` overrides it with `mimeTypes`.
 */
export const DEFAULT_MIME_TYPES: Readonly<Record<string, MimeEntry>> = {
  '.m3u8': { type: 'application/vnd.apple.mpegurl', kind: 'playlist' },
  '.mpd': { type: 'application/dash+xml', kind: 'mpd' },
  '.mp4': { type: 'video/mp4', kind: 'segment' },
  '.m4s': { type: 'video/iso.segment', kind: 'segment' },
  '.m4v': { type: 'video/mp4', kind: 'segment' },
  '.m4a': { type: 'audio/mp4', kind: 'segment' },
  '.cmfv': { type: 'video/mp4', kind: 'segment' },
  '.cmfa': { type: 'audio/mp4', kind: 'segment' },
  '.cmft': { type: 'application/mp4', kind: 'segment' },
  '.ts': { type: 'video/mp2t', kind: 'segment' },
  '.aac': { type: 'audio/aac', kind: 'segment' },
  '.webm': { type: 'video/webm', kind: 'segment' },
  '.vtt': { type: 'text/vtt; charset=utf-8', kind: 'other' },
  '.html': { type: 'text/html; charset=utf-8', kind: 'other' },
  '.js': { type: 'text/javascript; charset=utf-8', kind: 'other' },
  '.mjs': { type: 'text/javascript; charset=utf-8', kind: 'other' },
  '.css': { type: 'text/css; charset=utf-8', kind: 'other' },
  '.json': { type: 'application/json; charset=utf-8', kind: 'other' },
  '.map': { type: 'application/json; charset=utf-8', kind: 'other' },
  '.xml': { type: 'application/xml; charset=utf-8', kind: 'other' },
  '.txt': { type: 'text/plain; charset=utf-8', kind: 'other' },
  '.png': { type: 'image/png', kind: 'other' },
  '.jpg': { type: 'image/jpeg', kind: 'other' },
  '.jpeg': { type: 'image/jpeg', kind: 'other' },
  '.webp': { type: 'image/webp', kind: 'other' },
  '.svg': { type: 'image/svg+xml', kind: 'other' },
  '.ico': { type: 'image/x-icon', kind: 'other' },
};

const UNKNOWN: MimeEntry = { type: 'application/octet-stream', kind: 'other' };

/** Looks up the media type and kind of a file name; unknown extensions are `application/octet-stream`. */
export function mimeTypeOf(fileName: string, table: Readonly<Record<string, MimeEntry>> = DEFAULT_MIME_TYPES): MimeEntry {
  return table[extensionOf(fileName)] ?? UNKNOWN;
}

/** `.m3u8` of `a/b/master.M3U8` (lower case); '' without one, and for a name that only starts with a dot (`.env`). */
function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}
