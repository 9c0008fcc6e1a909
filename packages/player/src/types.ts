import type { DrmConfig } from './eme/DrmConfig.js';
import type { PlayerError } from './errors/PlayerError.js';
import type { EventStream } from './events/Emitter.js';
import type { Qoe } from './qoe/QoeTracker.js';
import type { CmcdConfig } from './qoe/cmcd.js';

/** Options of {@link createPlayer}. */
export interface PlayerOptions {
  /** Manifest URL (HLS multivariant/media playlist or DASH MPD). Loaded at once unless `autoLoad` is false. */
  readonly src?: string;
  /** Load `src` immediately (default true). */
  readonly autoLoad?: boolean;
  /** Call `video.play()` once the first data is buffered (default true). */
  readonly autoplay?: boolean;
  /** Start position in seconds (VOD); live starts at the live edge minus the target latency (never closer than HOLD-BACK). */
  readonly startTime?: number;
  /**
   * Level index to start with, or 'auto' (default): the first segment comes from the lowest level (fastest first
   * frame; it measures the link for the next choice) unless `abr.defaultBandwidth` is set or an earlier load of this
   * player measured the link, in which case the level is chosen from that bandwidth.
   */
  readonly startLevel?: number | 'auto';
  /**
   * Audio language to start with when the presentation has it (RFC 5646 or ISO 639-2: `fr`, `fre`, `pt-BR`); else the
   * presentation's default. A choice made with `setAudioTrack` replaces it for the next `load()`s of this player.
   */
  readonly preferredAudioLanguage?: string;
  /**
   * Subtitle language to show from the start when the presentation has it; `setTextTrack` likewise replaces it
   * (`setTextTrack(-1)`: none on the next loads either).
   */
  readonly preferredTextLanguage?: string;
  readonly abr?: {
    /** Bandwidth assumed before the first measurement, bits/s (default 1 000 000). */
    readonly defaultBandwidth?: number;
    /** Never pick a level above this bandwidth (bits/s). */
    readonly maxBitrate?: number;
    /** Cap levels to the player's size × devicePixelRatio (default true). */
    readonly capToPlayerSize?: boolean;
    /** Give up a download that would stall playback and refetch lower (default true). */
    readonly abandon?: boolean;
  };
  /** Seconds of media to buffer ahead (default 30; live: 3 × target duration when shorter). */
  readonly bufferTarget?: number;
  /** Seconds of played media to keep behind the playhead (default 30). */
  readonly backBuffer?: number;
  readonly drm?: DrmConfig;
  readonly live?: {
    /**
     * Target distance to the live edge in seconds, kept with the playback rate. Default: LL-HLS PART-HOLD-BACK,
     * HLS HOLD-BACK, DASH ServiceDescription Latency@target or suggestedPresentationDelay, else 3 target durations.
     */
    readonly targetLatency?: number;
    /**
     * Farther than this behind the live edge (seconds), the player seeks to the target instead of speeding up.
     * Default: DASH ServiceDescription Latency@max, else max(2 × target, target + 3).
     */
    readonly maxLatency?: number;
    /** Playback-rate bounds for catch-up (default: the MPD's ServiceDescription PlaybackRate, else 0.95–1.05). */
    readonly minPlaybackRate?: number;
    readonly maxPlaybackRate?: number;
  };
  /** Send CMCD with every request: manifests, playlists, init, keys, WebVTT and media (`true` = query mode, random session id). */
  readonly cmcd?: boolean | CmcdConfig;
  /**
   * POST QoE snapshots here with `navigator.sendBeacon` (`{ reason, src, time, ...getQoe() }` as JSON text) every
   * `beaconIntervalMs` (default 10 000) while loaded, on `destroy()` and on `pagehide`.
   */
  readonly beaconUrl?: string;
  readonly beaconIntervalMs?: number;
  /** Download retries per segment before giving up on it (default 2). */
  readonly retries?: number;
  /** Wait before each retry of a segment or live playlist: `initialMs · 2^n`, at most `maxMs` (defaults 500 and 4000). */
  readonly retryDelay?: { readonly initialMs?: number; readonly maxMs?: number };
}

/** A video (or muxed) quality level. */
export interface Level {
  readonly index: number;
  readonly bitrate: number;
  readonly width?: number;
  readonly height?: number;
  readonly codecs?: string;
  readonly frameRate?: number;
}

/** An audio or text track the viewer can choose. */
export interface MediaTrackInfo {
  readonly index: number;
  readonly id: string;
  readonly language?: string;
  readonly name?: string;
}

/** Typed event map: event name → payload. */
export interface PlayerEventMap {
  /** The manifest was loaded and parsed (emitted once its first media playlists and init segments are in, so `live` and `duration` are known). */
  manifest: { readonly format: 'hls' | 'dash'; readonly live: boolean; readonly duration: number; readonly levels: readonly Level[]; readonly audioTracks: readonly MediaTrackInfo[]; readonly textTracks: readonly MediaTrackInfo[] };
  /** The level on screen changed (`auto` tells whether ABR chose it). */
  levelSwitch: { readonly from: number; readonly to: number; readonly bitrate: number; readonly auto: boolean };
  /** Playback stalled for lack of data (after startup). */
  stall: { readonly currentTime: number; readonly bufferSeconds: number };
  /** Playback started (first frame) or resumed after a stall (`stallMs`). */
  playing: { readonly startupMs: number; readonly stallMs?: number };
  /** A typed error; `fatal: true` means playback stopped. */
  error: PlayerError;
  /** Periodic QoE snapshot (about once a second while loaded). */
  qoe: Qoe;
  /** Live state: about once a second while live (`update`), and on `seek-to-edge`, `discontinuity` and `ended`. */
  live: LivePayload;
  /** Playback reached the end (VOD, or a live stream that ended: ENDLIST / the MPD became static). */
  ended: { readonly currentTime: number };
  /** The audio or text track in use changed (after `manifest`, by a preference, or by `setAudioTrack`/`setTextTrack`); -1: no text. */
  tracksChanged: { readonly audio: number; readonly text: number; readonly audioLanguage?: string; readonly textLanguage?: string };
}

/** Payload of the `live` event. */
export interface LivePayload {
  /**
   * `update`: periodic; `seek-to-edge`: farther behind than `live.maxLatency`, jumped to the target;
   * `discontinuity`: a new discontinuity or period was appended; `ended`: the stream ended and now plays to its end.
   */
  readonly reason: 'update' | 'seek-to-edge' | 'discontinuity' | 'ended';
  /** Wall-clock latency of the frame on screen, seconds (`player.liveLatency`); undefined when unknown. */
  readonly latency: number | undefined;
  /** Distance from the playhead to the live edge, seconds (what the catch-up steers). */
  readonly distance: number | undefined;
  readonly targetLatency: number;
  readonly playbackRate: number;
}

/** Names of the player's events. */
export type PlayerEventName = keyof PlayerEventMap;

/** One event as delivered by `events$`. */
export type PlayerEvent = { [K in PlayerEventName]: { readonly type: K; readonly payload: PlayerEventMap[K] } }[PlayerEventName];

/** The handle returned by {@link createPlayer}. */
export interface Player {
  readonly video: HTMLVideoElement;
  /** Loads a manifest (replacing the current one); resolves once playback can start. */
  load(src?: string, startTime?: number): Promise<void>;
  /** Stops loading, releases SourceBuffers, MediaSource and MediaKeys, detaches from the element. */
  destroy(): Promise<void>;
  /** `'auto'` for ABR, or a level index to pin (switches at the next segment boundary after the playhead). */
  setQuality(level: 'auto' | number): void;
  getQuality(): 'auto' | number;
  getLevels(): Level[];
  getAudioTracks(): MediaTrackInfo[];
  setAudioTrack(index: number): void;
  getTextTracks(): MediaTrackInfo[];
  /** Shows a text track (index) or hides all (-1). */
  setTextTrack(index: number): void;
  getQoe(): Qoe;
  /**
   * Live: seconds between now and the capture time of the frame on screen, from HLS `EXT-X-PROGRAM-DATE-TIME` or
   * DASH `availabilityStartTime` (clock synchronised through `UTCTiming`); undefined when not live.
   */
  readonly liveLatency: number | undefined;
  on<K extends PlayerEventName>(name: K, listener: (payload: PlayerEventMap[K]) => void): () => void;
  /** All events as an Observable-like stream (`subscribe` → `unsubscribe`); works with RxJS `from()`. */
  readonly events$: EventStream<PlayerEvent>;
}
