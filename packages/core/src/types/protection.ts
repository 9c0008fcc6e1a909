/** Common Encryption scheme (ISO/IEC 23001-7): AES-CTR full-sample/subsample, or AES-CBC 1:9 pattern. */
export type ProtectionScheme = 'cenc' | 'cbcs';

/** How one DRM system is signalled for a track (DASH `ContentProtection`, HLS key tags). Public data only. */
export interface DrmSystemSignal {
  /** Short name, e.g. `widevine`, `playready`, `fairplay`, `clearkey`. */
  readonly name: string;
  /** DRM system id (UUID, lower case, with dashes). */
  readonly systemId: string;
  /** The complete `pssh` box (base64 in `cenc:pssh` and in HLS data URIs), when the system uses one. */
  readonly pssh?: Uint8Array;
  /** License (acquisition) URL, when known (ClearKey `dashif:Laurl`, HLS `org.w3.clearkey` URI). */
  readonly licenseUrl?: string;
  /** PlayReady header object (`mspr:pro`, base64), when known. */
  readonly playReadyObject?: Uint8Array;
}

/** One HLS key tag (`EXT-X-KEY` / `EXT-X-SESSION-KEY`) as attributes (RFC 8216bis §4.4.4.4). */
export interface HlsKeySignal {
  readonly method: 'SAMPLE-AES' | 'SAMPLE-AES-CTR' | 'AES-128';
  readonly uri: string;
  readonly keyFormat?: string;
  readonly keyFormatVersions?: string;
  /** Hex IV with 0x prefix (AES-128 and constant-IV SAMPLE-AES only). */
  readonly iv?: string;
}

/**
 * What a manifest writer needs to signal the protection of a track: scheme, default key id and the DRM systems. It
 * never contains content keys, so it may be logged.
 */
export interface ProtectionInfo {
  readonly scheme: ProtectionScheme | 'aes-128';
  /** Default key id (32 lower-case hex digits). */
  readonly defaultKid: string;
  readonly systems: readonly DrmSystemSignal[];
  /** HLS key tags for media playlists (and, deduplicated, for `EXT-X-SESSION-KEY` in the master). */
  readonly hlsKeys: readonly HlsKeySignal[];
}
