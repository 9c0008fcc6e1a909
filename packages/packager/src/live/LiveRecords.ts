import type { TrackInfo } from '@ott/core';
import type { SegmentRecord } from '../manifest/RenditionRecord.js';

/** One version of a rendition's init segment (a new one when a later publisher session's decoder set-up differs). */
export interface LiveInitRecord {
  /** Path relative to the output root: `<id>/init.mp4`, then `<id>/init-<session>.mp4`. */
  readonly path: string;
  readonly track: TrackInfo;
  /** Publisher session that introduced it. */
  readonly session: number;
}

/** A stored part (LL-HLS partial segment / LL-DASH chunk), as playlists list it. */
export interface LivePartRecord {
  /** 0-based index within its segment. */
  readonly index: number;
  readonly path: string;
  /** Duration in track timescale units. */
  readonly duration: number;
  /** Starts with a sync sample. */
  readonly independent: boolean;
}

/** A live segment as the manifest writers see it: a VOD {@link SegmentRecord} plus what live playlists signal. */
export interface LiveSegmentRecord extends SegmentRecord {
  /** Publisher session the segment belongs to. */
  readonly session: number;
  /** First segment of a session after the first: `EXT-X-DISCONTINUITY`. */
  readonly discontinuity: boolean;
  /** Init segment its samples decode with (`EXT-X-MAP`). */
  readonly init: LiveInitRecord;
  /** Wall clock (epoch ms) of its first sample: `EXT-X-PROGRAM-DATE-TIME`. */
  readonly programDateTime: number;
  /** Its parts, in order (empty without low latency). */
  readonly parts: readonly LivePartRecord[];
}

/** What a live media playlist or the MPD needs of one rendition at one instant. */
export interface LiveRenditionState {
  readonly renditionId: string;
  /** Track of the newest init (with the frame rate estimated from the samples when the init had none). */
  readonly track: TrackInfo;
  /** Complete segments inside the window, oldest first. */
  readonly segments: readonly LiveSegmentRecord[];
  /**
   * The segment being built: its parts so far (`duration` is theirs summed, `path` the segment file it will be).
   * Undefined between segments.
   */
  readonly open: LiveSegmentRecord | undefined;
  /** Number of the next part to be written: the preload hint. */
  readonly next: { readonly segmentNumber: number; readonly index: number };
  /** `EXT-X-DISCONTINUITY-SEQUENCE`: discontinuities that left the window. */
  readonly discontinuitySequence: number;
  /** Expected duration (timescale units) of the open segment, for the LL-DASH timeline entry announced early. */
  readonly expectedOpenDuration: number | undefined;
}
