import { OttError, TIME_PATH } from '@ott/core';

/** Options of {@link packageLive}. Every duration is in seconds. */
export interface PackageLiveOptions {
  /**
   * Target segment duration (default 2). Video is cut on the first keyframe at (or within 5 % before) each boundary
   * `session start + k × segmentDuration`, audio on the first sample at or after it, so the encoder should force a
   * keyframe every `segmentDuration` from the start of each publisher session.
   */
  readonly segmentDuration?: number;
  /** Low-latency output: LL-HLS parts, blocking-reload and preload-hint signalling, LL-DASH timing (default `true`). */
  readonly ll?: boolean;
  /** LL-HLS `PART-TARGET`: every part lasts at most this long (default 0.5; must be below `segmentDuration`). */
  readonly partTarget?: number;
  /**
   * Sliding window: how many complete segments the live playlists and the MPD list (default: 60 s worth, at least
   * 6). Ignored when `dvrWindowSeconds` is set.
   */
  readonly window?: number;
  /**
   * Sliding window in seconds instead of segments (the DASH `timeShiftBufferDepth`). `Infinity` keeps every segment:
   * an HLS `EVENT` playlist and an MPD without `timeShiftBufferDepth` (DVR from the start).
   */
  readonly dvrWindowSeconds?: number;
  /**
   * Delete the files of segments (and parts) that left the window, once clients that saw them can no longer ask
   * (RFC 8216bis §6.2.2). Default `false`: files stay, so the folder plays as VOD from the start when the stream ends.
   */
  readonly deleteOutOfWindow?: boolean;
  /** Keep part files once they are no longer listed (default `false`: removed, and all of them at the end). */
  readonly keepParts?: boolean;
  /** DASH `MPD@minBufferTime` (default 1 with `ll`, else 2). */
  readonly dashMinBufferTime?: number;
  /** Target latency: DASH `ServiceDescription`/`Latency@target` and `suggestedPresentationDelay` (default 4 × partTarget with `ll`, else 3 × segmentDuration). */
  readonly targetLatency?: number;
  /** DASH `UTCTiming` (`urn:mpeg:dash:utc:http-xsdate:2014`) URL (default `/.ott/time`, served by `@ott/origin`). */
  readonly utcTimingUrl?: string;
  /** Manifest formats (default both). */
  readonly formats?: readonly ('hls' | 'dash')[];
  /** HLS multivariant playlist path (default `master.m3u8`). */
  readonly masterName?: string;
  /** DASH MPD path (default `manifest.mpd`). */
  readonly mpdName?: string;
  /** Media playlist file name in each rendition folder (default `playlist.m3u8`). */
  readonly mediaPlaylistName?: string;
  /** Wall clock in epoch ms (default `Date.now`); the MPD's `availabilityStartTime` and `publishTime` come from it. */
  readonly clock?: () => number;
}

/** {@link PackageLiveOptions} with every default applied and checked. */
export interface ResolvedLiveOptions {
  readonly segmentDuration: number;
  readonly ll: boolean;
  readonly partTarget: number;
  readonly window: number;
  readonly dvrWindowSeconds: number | undefined;
  readonly deleteOutOfWindow: boolean;
  readonly keepParts: boolean;
  readonly dashMinBufferTime: number;
  readonly targetLatency: number;
  readonly utcTimingUrl: string;
  readonly hls: boolean;
  readonly dash: boolean;
  readonly masterName: string;
  readonly mpdName: string;
  readonly mediaPlaylistName: string;
  readonly clock: () => number;
  /** `EXT-X-TARGETDURATION`: the segment duration rounded up (it must not change during the stream, §6.2.1). */
  readonly targetDuration: number;
}

/** Applies the defaults of {@link PackageLiveOptions} and rejects values that would produce invalid playlists. */
export function resolveLiveOptions(options: PackageLiveOptions): ResolvedLiveOptions {
  const segmentDuration = options.segmentDuration ?? 2;
  positive('segmentDuration', segmentDuration);
  const ll = options.ll ?? true;
  const partTarget = options.partTarget ?? Math.min(0.5, segmentDuration / 2);
  positive('partTarget', partTarget);
  if (ll && partTarget >= segmentDuration) {
    throw invalid(`partTarget (${partTarget} s) must be shorter than segmentDuration (${segmentDuration} s)`);
  }
  const window = options.window ?? Math.max(6, Math.ceil(60 / segmentDuration));
  if (!Number.isInteger(window) || window < 3) throw invalid(`window must be an integer of at least 3 segments, received ${String(window)}`);
  const dvr = options.dvrWindowSeconds;
  if (dvr !== undefined && !(dvr > 0)) throw invalid(`dvrWindowSeconds must be positive (or Infinity), received ${String(dvr)}`);
  // Low latency: where an LL-HLS player sits (PART-HOLD-BACK, 3 parts behind the newest part) plus that part's own
  // duration, as DASH counts latency from the wall clock rather than from the newest chunk.
  const targetLatency = options.targetLatency ?? (ll ? 4 * partTarget : 3 * segmentDuration);
  positive('targetLatency', targetLatency);
  const dashMinBufferTime = options.dashMinBufferTime ?? (ll ? 1 : 2);
  positive('dashMinBufferTime', dashMinBufferTime);
  const formats = new Set(options.formats ?? ['hls', 'dash']);
  return {
    segmentDuration,
    ll,
    partTarget,
    window,
    dvrWindowSeconds: dvr,
    deleteOutOfWindow: options.deleteOutOfWindow ?? false,
    keepParts: options.keepParts ?? false,
    dashMinBufferTime,
    targetLatency,
    utcTimingUrl: options.utcTimingUrl ?? TIME_PATH,
    hls: formats.has('hls'),
    dash: formats.has('dash'),
    masterName: options.masterName ?? 'master.m3u8',
    mpdName: options.mpdName ?? 'manifest.mpd',
    mediaPlaylistName: options.mediaPlaylistName ?? 'playlist.m3u8',
    clock: options.clock ?? Date.now,
    targetDuration: Math.max(1, Math.ceil(segmentDuration - 1e-9)),
  };
}

function positive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw invalid(`${name} must be a positive number of seconds, received ${String(value)}`);
}

function invalid(reason: string): OttError {
  return new OttError('LIVE_INVALID_OPTIONS', `packageLive: ${reason}.`, { stage: 'packager' });
}
