import type { FileKind } from './mimeTypeOf.js';

/** `Cache-Control` values by kind of file. */
export interface CachePolicy {
  /** Media and init segments: written once under a unique name, never changed. */
  readonly segment: string;
  /**
   * A live segment streamed while it is still being built (chunked transfer, no length, no validators): a cache must
   * not reuse it without asking again (and, having no validator, gets the complete file then), since a response
   * that ended early (hold time over) is only a prefix of the segment.
   */
  readonly inProgressSegment: string;
  /** Playlists and MPDs that will not change any more (VOD, multivariant playlists). */
  readonly playlist: string;
  /** Live media playlists (no EXT-X-ENDLIST) and dynamic MPDs: revalidate every time. */
  readonly livePlaylist: string;
  /** Everything else (player page, scripts, subtitles, JSON). */
  readonly other: string;
}

/** The defaults: immutable segments for a year, playlists for a second, live playlists and in-progress segments revalidated. */
export const DEFAULT_CACHE_POLICY: CachePolicy = {
  segment: 'public, max-age=31536000, immutable',
  inProgressSegment: 'no-cache',
  playlist: 'public, max-age=1',
  livePlaylist: 'no-cache',
  other: 'public, max-age=60',
};

/** Picks the `Cache-Control` of a file from its kind and, for manifests, whether it is still live. */
export function cacheControlFor(policy: CachePolicy, kind: FileKind, live: boolean): string {
  if (kind === 'segment') return policy.segment;
  if (kind === 'playlist' || kind === 'mpd') return live ? policy.livePlaylist : policy.playlist;
  return policy.other;
}

/**
 * Whether a manifest is still live (its `Cache-Control` must make caches revalidate): a media playlist without
 * `EXT-X-ENDLIST` and not of type VOD, or a dynamic MPD. Multivariant playlists (no `EXTINF`) never change.
 */
export function isLiveManifest(kind: FileKind, text: string): boolean {
  if (kind === 'mpd') return isDynamicMpd(text);
  if (kind !== 'playlist') return false;
  return text.includes('#EXTINF') && !text.includes('#EXT-X-ENDLIST') && !/#EXT-X-PLAYLIST-TYPE:VOD/.test(text);
}

/** `true` for a DASH MPD of `type="dynamic"` (a live presentation that the packager still rewrites). */
export function isDynamicMpd(text: string): boolean {
  return /<MPD\b[^>]*\btype\s*=\s*["']dynamic["']/.test(text);
}

/**
 * The policy of requests that passed an access check: manifests `private, no-store` (a rewritten one carries the
 * viewer's token; a shared cache must never hand it to another viewer), and everything else `private` unless
 * `segmentCache` is `'shared'` (a CDN that checks signed URLs itself), so a shared cache cannot serve protected
 * media without asking.
 */
export function privateCachePolicy(policy: CachePolicy, segmentCache: 'private' | 'shared'): CachePolicy {
  const restrict = (value: string): string => {
    if (/\bpublic\b/.test(value)) return value.replace(/\bpublic\b/, 'private');
    return /\b(private|no-store)\b/.test(value) ? value : `private, ${value}`;
  };
  const shared = segmentCache === 'shared';
  return {
    segment: shared ? policy.segment : restrict(policy.segment),
    inProgressSegment: shared ? policy.inProgressSegment : restrict(policy.inProgressSegment),
    playlist: 'private, no-store',
    livePlaylist: 'private, no-store',
    other: restrict(policy.other),
  };
}

/**
 * Caps the freshness (`max-age`, `s-maxage`) of the cacheable entries of a policy (segments and other files) at
 * `seconds` (at least 0): what `segmentCache: 'shared'` sends for a credential that expires, so that a CDN stops
 * serving a signed URL's bytes when the signature expires (RFC 9111 §5.2.2.1, §5.2.2.10). Manifests and in-progress
 * segments are not stored by shared caches anyway.
 */
export function capFreshness(policy: CachePolicy, seconds: number): CachePolicy {
  const limit = Math.max(0, Math.floor(seconds));
  const cap = (value: string): string => value.replace(/\b(max-age|s-maxage)=(\d+)/g, (_whole, name: string, age: string) => `${name}=${Math.min(Number(age), limit)}`);
  return { ...policy, segment: cap(policy.segment), other: cap(policy.other) };
}
