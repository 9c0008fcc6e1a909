import type { LiveProtocol } from '../types/live.js';
import type { Stage, WarningCode } from '../errors/codes.js';

/** Progress of a long job. */
export interface ProgressEvent {
  readonly type: 'progress';
  readonly stage: Stage;
  /** 0–100. */
  readonly percent: number;
  /** Media seconds processed so far. */
  readonly processedSeconds: number;
  readonly totalSeconds?: number;
  /** Encoder frames per second, if known. */
  readonly fps?: number;
  /** Processing speed as a multiple of real time, if known. */
  readonly speed?: number;
  /** Estimated seconds left, if known. */
  readonly etaSeconds?: number;
}

/** A segment is durable in storage. */
export interface SegmentEvent {
  readonly type: 'segment';
  readonly renditionId: string;
  readonly number: number;
  readonly path: string;
  readonly durationSeconds: number;
  readonly bytes: number;
}

/** A manifest was published (durable, after every segment it lists). */
export interface ManifestEvent {
  readonly type: 'manifest';
  readonly format: 'hls' | 'dash';
  readonly role: 'master' | 'media';
  readonly path: string;
}

/** A recoverable problem: the pipeline goes on. */
export interface WarningEvent {
  readonly type: 'warning';
  readonly stage: Stage;
  readonly code: WarningCode;
  readonly message: string;
}

/** A live publisher connected, left, or was refused (`@ott/ingest`). */
export interface PublisherEvent {
  readonly type: 'publisher';
  readonly action: 'connect' | 'disconnect' | 'refused';
  readonly streamKey: string;
  readonly protocol: LiveProtocol;
  /** Publisher session number within the stream (connect/disconnect). */
  readonly session?: number;
  readonly remoteAddress?: string;
  /** Why a publisher was refused or left, in words. */
  readonly reason?: string;
}

/** Health of a live input, measured over the last few seconds (`@ott/ingest`), about once a second. */
export interface StreamHealthEvent {
  readonly type: 'stream-health';
  readonly streamKey: string;
  readonly protocol: LiveProtocol;
  /** Received bits per second. */
  readonly bitrate: number;
  /** Received video frames per second, if measured. */
  readonly fps?: number;
  /** Seconds between the last two video keyframes, if measured. */
  readonly keyframeInterval?: number;
}

/** Event name → payload type: every event a pipeline reports, by its `type`. */
export interface OttEventMap {
  progress: ProgressEvent;
  segment: SegmentEvent;
  manifest: ManifestEvent;
  warning: WarningEvent;
  publisher: PublisherEvent;
  'stream-health': StreamHealthEvent;
}

/** Every event a pipeline reports to its subscriber. */
export type PipelineEvent = OttEventMap[keyof OttEventMap];

/** Narrows a pipeline value to an event of one type. */
export function isPipelineEvent(value: { readonly type: string }): value is PipelineEvent {
  return (
    value.type === 'progress' ||
    value.type === 'segment' ||
    value.type === 'manifest' ||
    value.type === 'warning' ||
    value.type === 'publisher' ||
    value.type === 'stream-health'
  );
}
