import type { ThroughputEstimator } from '../abr/ThroughputEstimator.js';
import type { PlayerError } from '../errors/PlayerError.js';
import type { Presentation, SegmentRef, Track } from '../manifest/Presentation.js';
import type { InitInfo } from '../mp4/readInit.js';
import type { DownloadQueue } from '../loader/DownloadQueue.js';
import type { LoadedInit } from '../loader/InitCache.js';
import type { PlayerOptions } from '../types.js';

/** The track choice as a loop sees it (the session's `AbrController`). */
export interface LoopAbr {
  readonly estimator: ThroughputEstimator;
  /** The track to load next for `kind` (ABR decision for video). */
  pickTrack(kind: 'video' | 'audio', bufferSeconds: number): Track | undefined;
  /** Overrides the ABR choice: keep loading `track` (a level switch waits for an independent part). */
  holdLevel(track: Track): void;
  abandonAllowed(): boolean;
  /** A download was abandoned; load the next one at this bandwidth or below. */
  abandoned(bandwidth: number): void;
}

/** Loading: the session's download turns, request decoration (CMCD), init segments, MIME types and EME. */
export interface LoopLoader {
  /** Whole-segment downloads of the session's loops take turns here (see {@link DownloadQueue}). */
  readonly downloads: DownloadQueue;
  /** URL and headers for a media request (CMCD). */
  request(url: string, kind: 'video' | 'audio', track: Track, segment: SegmentRef): { url: string; headers: Record<string, string> };
  init(track: Track, segment: SegmentRef): Promise<LoadedInit>;
  mimeOf(info: InitInfo, kind: 'video' | 'audio'): string;
  /** Opens EME sessions for an encrypted init segment. */
  encrypted(track: Track, info: InitInfo): Promise<void>;
}

/** Buffering: how far ahead to load, where to start, and where appended media lands on the timeline. */
export interface LoopTimeline {
  bufferTarget(): number;
  /** Where to start when a loop has no position: the seek target, start time or live edge. */
  startPosition(segments: readonly SegmentRef[]): number;
  timestampOffset(segment: SegmentRef, info: InitInfo, decodeTimes: ReadonlyMap<number, number>): number;
  /** Wall clock in ms on the server's clock (DASH `UTCTiming`), for segment availability. */
  serverNow(): number;
}

/** Wake-ups: the next scheduling tick (timer, media event or wake-up) and timers cancelled on destroy. */
export interface LoopScheduler {
  tick(): Promise<void>;
  delay(ms: number): Promise<void>;
}

/**
 * What a {@link StreamLoop} needs from the session that owns it, in the parts hls.js gives separate controllers:
 * ABR, loading, buffering (timeline) and scheduling, plus error reporting.
 */
export interface LoopContext {
  readonly video: HTMLVideoElement;
  readonly options: PlayerOptions;
  readonly presentation: Presentation;
  readonly abr: LoopAbr;
  readonly loader: LoopLoader;
  readonly timeline: LoopTimeline;
  readonly scheduler: LoopScheduler;
  /** Every loop has appended its last segment: end the MediaSource. */
  maybeEnd(): void;
  warn(error: PlayerError): void;
  fail(error: PlayerError): void;
}
