import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { PublisherEvent, StreamHealthEvent, WarningEvent } from '../events/events.js';
import type { Backpressure } from '../flow/Backpressure.js';
import type { TrackInfo } from './media.js';

/** Ingest protocols of `@ott/ingest`. */
export type LiveProtocol = 'rtmp' | 'srt' | 'rtsp' | 'whip' | 'file';

/** Container format of a {@link LiveInput}'s byte stream, as ffmpeg's `-f` names it. */
export type LiveInputFormat = 'flv' | 'mpegts' | 'matroska';

/** What an ingest knows of a publisher's video before the transcoder has seen a frame (any field may be missing). */
export interface LiveVideoHint {
  readonly codec?: string;
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
}

/** What an ingest knows of a publisher's audio. */
export interface LiveAudioHint {
  readonly codec?: string;
  readonly sampleRate?: number;
  readonly channels?: number;
}

/**
 * One publisher session of a live stream: the media bytes one connected publisher sends, already in a container
 * ffmpeg reads from a pipe. A publisher that drops and reconnects within the grace period gives a second
 * `LiveInput` (session 2, …) on the same {@link LiveStream}.
 */
export interface LiveInput {
  readonly type: 'live-input';
  /** Stream key / stream id / resource id: names the stream (folder-safe: `[A-Za-z0-9_-]`, 1–64 chars). */
  readonly streamKey: string;
  readonly protocol: LiveProtocol;
  /** 1-based publisher session number within the stream. */
  readonly session: number;
  /** Wall clock (epoch ms) when the publisher connected. */
  readonly startedAt: number;
  /** Container format of `data`. */
  readonly format: LiveInputFormat;
  /** The media bytes; ends when the publisher leaves. The consumer must read it (or the publisher is paused). */
  readonly data: Readable;
  /** Extra ffmpeg input options placed before `-i pipe:0` (e.g. `['-use_wallclock_as_timestamps', '1']`). */
  readonly inputArgs?: readonly string[];
  readonly video?: LiveVideoHint;
  readonly audio?: LiveAudioHint;
  /** Remote address of the publisher, when known. */
  readonly remoteAddress?: string;
}

/** What a {@link LiveStream} emits: its publisher sessions and the events about them. */
export type LiveStreamItem = LiveInput | PublisherEvent | StreamHealthEvent | WarningEvent;

/**
 * A live stream as an ingest sees it: the sessions of one stream key, one after another. `items` emits a
 * {@link LiveInput} per publisher session (with `publisher` and `stream-health` events around them) and completes
 * when the publisher has been gone for longer than the grace period (or the ingest is closed): that completion is the
 * end of the stream (live-to-VOD). `items` has one subscriber; what it emits before the subscription is kept for it.
 */
export interface LiveStream {
  readonly streamKey: string;
  readonly protocol: LiveProtocol;
  readonly items: Observable<LiveStreamItem>;
}

/**
 * Emitted by the live transcoder at the start of every publisher session, before that session's fragments. Session
 * 2 and later are discontinuities: their timestamps are rebased to continue the timeline, and packagers mark them
 * (`EXT-X-DISCONTINUITY`).
 */
export interface LiveSession {
  readonly type: 'live-session';
  readonly streamKey: string;
  readonly session: number;
  /** True from the second session on. */
  readonly discontinuity: boolean;
  /** Wall clock (epoch ms) of decode time `mediaTimeSeconds` of the rebased timeline (for PROGRAM-DATE-TIME). */
  readonly wallClock: number;
  /** Media time (seconds, on the continuous timeline) the session starts at. */
  readonly mediaTimeSeconds: number;
}

/**
 * Emitted by the live transcoder when a publisher session's last fragment has been emitted (the publisher left and
 * the encoder flushed). Packagers close the segment in progress at once instead of waiting for the next session.
 */
export interface LiveSessionEnd {
  readonly type: 'live-session-end';
  readonly streamKey: string;
  readonly session: number;
}

/**
 * A CMAF chunk of a segment still being built (an LL-HLS part / LL-DASH chunk): one `moof`+`mdat`. The segment file
 * written later is the byte-exact concatenation of its parts, in order.
 */
export interface Part {
  readonly type: 'media-part';
  readonly renditionId: string;
  readonly track: TrackInfo;
  /** Number of the segment the part belongs to (1-based). */
  readonly segmentNumber: number;
  /** 0-based index of the part within its segment. */
  readonly index: number;
  /** Decode start time in track timescale units. */
  readonly startTime: number;
  /** Duration in track timescale units. */
  readonly duration: number;
  /** Starts with a sync sample (`INDEPENDENT=YES`). */
  readonly independent: boolean;
  /** Output path relative to the output root, e.g. `video_720p/seg-00005.p0.m4s`. */
  readonly path: string;
  readonly chunks: readonly Uint8Array[];
  readonly byteLength: number;
  readonly flow?: Backpressure;
}

/** Asks the storage sink to delete a file it wrote earlier (sliding-window eviction, part clean-up). */
export interface RemoveFile {
  readonly type: 'remove-file';
  /** Path relative to the output root. */
  readonly path: string;
}
