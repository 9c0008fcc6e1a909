export { createOrigin } from './createOrigin.js';
export type { Origin, OriginOptions } from './createOrigin.js';
export { startOrigin } from './startOrigin.js';
export type { RunningOrigin, StartOriginOptions } from './startOrigin.js';
export { DEFAULT_CACHE_POLICY } from './http/cachePolicy.js';
export type { CachePolicy } from './http/cachePolicy.js';
export type { CorsOrigins } from './http/corsHeaders.js';
export { DEFAULT_MIME_TYPES, mimeTypeOf } from './http/mimeTypeOf.js';
export type { FileKind, MimeEntry } from './http/mimeTypeOf.js';
export { readPlaylistProgress } from './hls/readPlaylistProgress.js';
export type { PlaylistProgress } from './hls/readPlaylistProgress.js';
export { readSkipDirective, renderDeltaPlaylist } from './hls/renderDeltaPlaylist.js';
export type { SkipDirective } from './hls/renderDeltaPlaylist.js';
export { TIME_PATH } from './live/serveTime.js';
export { signPlaybackToken } from './auth/signPlaybackToken.js';
export type { SignPlaybackTokenOptions } from './auth/signPlaybackToken.js';
export { signUrl } from './auth/signUrl.js';
export type { SignUrlOptions } from './auth/signUrl.js';
export { REASON_HEADER } from './auth/sendRefusal.js';
export { rewriteHlsPlaylist } from './auth/rewriteHlsPlaylist.js';
export { rewriteMpd } from './auth/rewriteMpd.js';
export type {
  AccessOptions,
  AccessReason,
  JwtAccessOptions,
  PlaybackTokenAlgorithm,
  SignedUrlAccessOptions,
  SignedUrlParams,
  StreamResolver,
  TokenCookieOptions,
} from './auth/AccessOptions.js';
// The watch page at `/` (ott serve)
export type { WatchPageOptions } from './watch/serveWatchPage.js';
export { listStreams } from './watch/listStreams.js';
export type { FoundStream, ListStreamsLimits } from './watch/listStreams.js';
