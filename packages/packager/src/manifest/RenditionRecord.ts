import type { ProtectionInfo, TrackInfo } from '@ott/core';

/** What a manifest needs to know about one stored media segment (never its bytes). */
export interface SegmentRecord {
  readonly number: number;
  /** Path relative to the output root, e.g. `video_720p/seg-00001.m4s`. */
  readonly path: string;
  /** Decode start time in track timescale units. */
  readonly startTime: number;
  /** Presentation time of the first sample in track timescale units. */
  readonly presentationTime: number;
  /** Duration in track timescale units. */
  readonly duration: number;
  readonly byteLength: number;
  readonly startsWithKeyframe: boolean;
  /** The segment's own protection when it differs by key period (key rotation: HLS repeats `EXT-X-KEY`). */
  readonly protection?: ProtectionInfo;
}

/** One rendition as the manifest writers see it: its track, its init segment and its segments in order. */
export interface RenditionRecord {
  readonly renditionId: string;
  readonly track: TrackInfo;
  /** Init segment path relative to the output root, e.g. `video_720p/init.mp4`. */
  readonly initPath: string;
  readonly segments: readonly SegmentRecord[];
  /** Content protection to signal (from an encryption stage); absent for clear content. */
  readonly protection?: ProtectionInfo;
}
