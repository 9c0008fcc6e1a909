/** A byte range inside a resource (HTTP `Range: bytes=offset-(offset+length-1)`). */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/** HLS full-segment encryption (EXT-X-KEY METHOD=AES-128, RFC 8216bis §5.2). */
export interface Aes128Key {
  readonly url: string;
  /** 16-byte IV; absent means the media sequence number (RFC 8216bis §5.2). */
  readonly iv?: Uint8Array;
}

/** Where an init segment (EXT-X-MAP, DASH Initialization) lives. */
export interface InitRef {
  readonly url: string;
  readonly byteRange?: ByteRange;
  /** HLS: an EXT-X-KEY METHOD=AES-128 came before the EXT-X-MAP, so the init segment is encrypted too (§4.4.4.5). */
  readonly aes128?: Aes128Key;
}

/** CMCD object type (CTA-5004 `ot`) of a request that is not a media segment: manifest/playlist, init, key, caption. */
export type ObjectType = 'm' | 'i' | 'k' | 'c';

/** URL and headers for a request (CMCD added as a query argument or headers when configured). */
export interface RequestShape {
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** Shapes a request for a non-media object (see {@link ObjectType}). */
export type ObjectRequest = (url: string, objectType: ObjectType) => RequestShape;

/** One media segment, on the presentation timeline (seconds). */
export interface SegmentRef {
  readonly url: string;
  readonly start: number;
  readonly duration: number;
  readonly byteRange?: ByteRange;
  readonly init?: InitRef;
  /** Discontinuity (HLS) or period (DASH) index: timestamps are re-anchored when it changes. */
  readonly timeline: number;
  /** Media sequence number (HLS) or segment number (DASH). */
  readonly number: number;
  readonly aes128?: Aes128Key;
  /** HLS `EXT-X-PROGRAM-DATE-TIME` of the segment start, ms since the epoch (live latency, RFC 8216bis §4.4.4.6). */
  readonly pdt?: number;
  /** LL-HLS `EXT-X-PART`s of this segment (RFC 8216bis §4.4.4.9), the preload hint last when there is one. */
  readonly parts?: readonly SegmentRef[];
  /** LL-HLS: the segment is still being built; only its parts may be loaded (no URI of its own yet). */
  readonly partial?: boolean;
  /** A part that may start playback (`INDEPENDENT=YES`); segments are independent. */
  readonly independent?: boolean;
  /** LL-HLS `EXT-X-PRELOAD-HINT` part: named before it exists, the server holds the request (§4.4.5.3). */
  readonly hint?: boolean;
  /**
   * Live DASH: wall-clock time (ms, server clock) from which the segment may be requested:
   * `availabilityStartTime + Period@start + end − availabilityTimeOffset` (ISO/IEC 23009-1 §5.3.9.5.3).
   */
  readonly availableAt?: number;
  /** Live DASH with `availabilityTimeComplete="false"`: may still be growing, fetch it with a streaming read. */
  readonly streaming?: boolean;
  /** Live DASH: not in the MPD yet, guessed from the template (the next `$Number$` after the last listed). */
  readonly predicted?: boolean;
}

/** DRM signalling from a manifest: DASH ContentProtection, HLS EXT-X-KEY / EXT-X-SESSION-KEY. */
export interface ProtectionInfo {
  /** Key system (`org.w3.clearkey`, `com.widevine.alpha`, ...) or the scheme id when unknown. */
  readonly keySystem: string;
  readonly pssh?: Uint8Array;
  /** Default KID, 32 hex digits. */
  readonly kid?: string;
  /** License server URL named by the manifest (e.g. `dashif:Laurl`, HLS key URI). */
  readonly licenseUrl?: string;
}

/** Kinds of track in a presentation; `muxed` holds audio and video in the same segments. */
export type TrackKind = 'video' | 'audio' | 'text' | 'muxed';

/** One rendition: a video level, an audio language, a subtitle track. */
export interface Track {
  readonly id: string;
  readonly kind: TrackKind;
  readonly bandwidth: number;
  readonly codecs?: string;
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
  readonly language?: string;
  readonly name?: string;
  /** Audio group of an HLS variant. */
  readonly audioGroup?: string;
  /** Segments, once known (HLS loads media playlists lazily; DASH SegmentBase needs its sidx). */
  segments?: SegmentRef[];
  /** HLS media playlist URL. */
  readonly playlistUrl?: string;
  /** DASH SegmentBase: where the sidx is and the init segment. */
  readonly sidx?: { readonly url: string; readonly byteRange: ByteRange; readonly init?: InitRef };
  readonly protection: ProtectionInfo[];
  /** True once the track failed for good (player skips it). */
  failed?: boolean;
  /** Live: end of the last segment in wall-clock-free presentation time, updated on refresh. */
  targetDuration?: number;
  /** LL-HLS: the playlist allows `_HLS_msn` blocking reloads. */
  canBlockReload?: boolean;
  /** Live: media sequence and part number to ask for in the next blocking reload (RFC 8216bis §6.2.5.2). */
  nextMsn?: number;
  nextPart?: number;
  /** LL-HLS `CAN-SKIP-UNTIL` (s): the playlist may be reloaded as a delta update (`_HLS_skip=YES`, §6.2.5.1). */
  canSkipUntil?: number;
  /** HLS: the playlist carried `EXT-X-ENDLIST` (the live stream ended). */
  endList?: boolean;
  /** `performance.now()` of the last playlist load (delta updates need a recent copy). */
  loadedAt?: number;
}

/** The format-neutral view of an HLS multivariant playlist or a DASH MPD. */
export interface Presentation {
  readonly format: 'hls' | 'dash';
  readonly url: string;
  live: boolean;
  /** Seconds; `Infinity` for live. */
  duration: number;
  /** Video (or muxed) levels, lowest bandwidth first. */
  readonly levels: Track[];
  readonly audioTracks: Track[];
  readonly textTracks: Track[];
  readonly protection: ProtectionInfo[];
  /** Live: seconds between manifest/playlist reloads. */
  refreshInterval: number;
  /** DASH live: `availabilityTimeOffset` (LL-DASH) and the suggested presentation delay. */
  availabilityTimeOffset?: number;
  /** Suggested distance from the live edge (HLS HOLD-BACK / PART-HOLD-BACK, DASH suggestedPresentationDelay). */
  targetLatency?: number;
  /** Wall-clock time (ms since epoch) of presentation time 0, for DASH live latency. */
  availabilityStartTime?: number;
  /** DASH `UTCTiming` (ISO/IEC 23009-1 §5.8.4.11): scheme and value, for clock synchronisation. */
  utcTiming?: { readonly scheme: string; readonly value: string };
  /** Server clock minus local clock, ms (from `UTCTiming`; 0 when unknown). */
  clockOffsetMs: number;
  /** DASH `ServiceDescription` Latency@max (s): beyond it the player jumps back to the live edge. */
  maxLatency?: number;
  /** DASH `ServiceDescription` PlaybackRate min/max for catch-up. */
  playbackRates?: { readonly min: number; readonly max: number };
  /** LL-HLS `PART-HOLD-BACK` / `HOLD-BACK` (s): the closest to the live edge playback may start (§4.4.3.8). */
  holdBack?: number;
  /** Live: the manifest asks for low-latency delivery (LL-HLS parts or LL-DASH `availabilityTimeOffset`). */
  lowLatency?: boolean;
  /** HLS: wall clock (ms) of presentation time 0, from the first `EXT-X-PROGRAM-DATE-TIME` seen. */
  pdtAnchor?: number;
  /** A live presentation that ended (ENDLIST on every playlist played, or the MPD became static). */
  liveEnded?: boolean;
  /** Shapes playlist, MPD, init, key and caption requests (CMCD); set by the player after loading. */
  request?: ObjectRequest;
}
