/** A byte range inside a resource (HTTP `Range: bytes=offset-(offset+length-1)`). */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/** Where an init segment (EXT-X-MAP, DASH Initialization) lives. */
export interface InitRef {
  readonly url: string;
  readonly byteRange?: ByteRange;
}

/** HLS full-segment encryption (EXT-X-KEY METHOD=AES-128, RFC 8216bis §5.2). */
export interface Aes128Key {
  readonly url: string;
  /** 16-byte IV; absent means the media sequence number (RFC 8216bis §5.2). */
  readonly iv?: Uint8Array;
}

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
  /** Live: media sequence and part number to ask for in the next blocking reload. */
  nextMsn?: number;
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
}
