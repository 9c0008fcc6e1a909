import type { ThroughputEstimator } from '../abr/ThroughputEstimator.js';
import type { PlayerError } from '../errors/PlayerError.js';
import type { Presentation, SegmentRef, Track } from '../manifest/Presentation.js';
import type { InitInfo } from '../mp4/readInit.js';
import type { DownloadQueue } from '../loader/DownloadQueue.js';
import type { LoadedInit } from '../loader/InitCache.js';
import type { PlayerOptions } from '../types.js';

/** What a {@link StreamLoop} needs from the player that owns it. */
export interface LoopContext {
  readonly video: HTMLVideoElement;
  readonly options: PlayerOptions;
  readonly presentation: Presentation;
  readonly estimator: ThroughputEstimator;
  /** Whole-segment downloads of the session's loops take turns here (see {@link DownloadQueue}). */
  readonly downloads: DownloadQueue;
  /** Resolves on the next scheduling tick (timer, media event or wake-up). */
  tick(): Promise<void>;
  delay(ms: number): Promise<void>;
  bufferTarget(): number;
  /** The track to load next for `kind` (ABR decision for video). */
  pickTrack(kind: 'video' | 'audio', bufferSeconds: number): Track | undefined;
  /** Overrides the ABR choice: keep loading `track` (a level switch waits for an independent part). */
  holdLevel(track: Track): void;
  /** Where to start when a loop has no position: the seek target, start time or live edge. */
  startPosition(segments: readonly SegmentRef[]): number;
  /** URL and headers for a media request (CMCD). */
  request(url: string, kind: 'video' | 'audio', track: Track, segment: SegmentRef): { url: string; headers: Record<string, string> };
  init(track: Track, segment: SegmentRef): Promise<LoadedInit>;
  mimeOf(info: InitInfo, kind: 'video' | 'audio'): string;
  /** Opens EME sessions for an encrypted init segment. */
  encrypted(track: Track, info: InitInfo): Promise<void>;
  timestampOffset(segment: SegmentRef, info: InitInfo, decodeTimes: ReadonlyMap<number, number>): number;
  abandonAllowed(): boolean;
  /** A download was abandoned; load the next one at this bandwidth or below. */
  abandoned(bandwidth: number): void;
  maybeEnd(): void;
  /** Wall clock in ms on the server's clock (DASH `UTCTiming`), for segment availability. */
  serverNow(): number;
  warn(error: PlayerError): void;
  fail(error: PlayerError): void;
}
