import type { Backpressure } from '../flow/Backpressure.js';
import type { TrackInfo } from './media.js';
import type { ProtectionInfo } from './protection.js';

/** One sample of a CMAF fragment (the fields of an ISO-BMFF `trun` entry). */
export interface CmafSample {
  /** Duration in track timescale units. */
  readonly duration: number;
  /** Size in bytes. */
  readonly size: number;
  /** Composition time offset (may be negative with `trun` version 1). */
  readonly compositionTimeOffset: number;
  /** Sync sample (keyframe / random access point). */
  readonly isSync: boolean;
}

/**
 * The decoder set-up of one track, as received from ffmpeg or read from an input MP4. Carries the raw sample entry
 * box (`avc1`, `hev1`, `mp4a`, …, including its `avcC`/`hvcC`/`esds` children) so a CMAF init can be written for it.
 */
export interface CmafInit {
  readonly type: 'cmaf-init';
  readonly renditionId: string;
  readonly track: TrackInfo;
  /** The complete sample entry box bytes (from `stsd`). */
  readonly sampleEntry: Uint8Array;
}

/** A run of samples of one track with timing (a `moof` + `mdat` worth, or a chunk of a progressive file). */
export interface CmafFragment {
  readonly type: 'cmaf-fragment';
  readonly renditionId: string;
  readonly trackId: number;
  /** Decode time of the first sample, in track timescale units. */
  readonly baseMediaDecodeTime: number;
  readonly samples: readonly CmafSample[];
  /** Sample bytes, concatenated in sample order. */
  readonly data: Uint8Array;
  /** Flow control of the producer; sinks report queued bytes to it. */
  readonly flow?: Backpressure;
}

/** A CMAF header (init segment) file ready to be stored. */
export interface InitSegment {
  readonly type: 'init-segment';
  readonly renditionId: string;
  readonly track: TrackInfo;
  /** Output path relative to the output root, POSIX separators, e.g. `video_720p/init.mp4`. */
  readonly path: string;
  readonly data: Uint8Array;
  /** Set by an encryption stage (`@ott/drm` `encryptCmaf`): what manifests must signal. Never holds key material. */
  readonly protection?: ProtectionInfo;
}

/** A CMAF media segment file ready to be stored. */
export interface Segment {
  readonly type: 'media-segment';
  readonly renditionId: string;
  readonly track: TrackInfo;
  /** 1-based segment number. */
  readonly number: number;
  /** Decode start time in track timescale units. */
  readonly startTime: number;
  /** Duration in track timescale units. */
  readonly duration: number;
  /** Presentation time of the first sample, in timescale units (start time + its composition offset). */
  readonly presentationTime: number;
  readonly startsWithKeyframe: boolean;
  readonly path: string;
  /** File content as chunks written back to back (no concatenation copy). */
  readonly chunks: readonly Uint8Array[];
  readonly byteLength: number;
  readonly flow?: Backpressure;
  /**
   * The samples of the segment's one `moof`/`mdat`, in order (set by the CMAF segmenter), so later stages such as
   * encryption can rewrite the segment without parsing it. The sample bytes are the chunks after the header chunk(s).
   */
  readonly samples?: readonly CmafSample[];
  /** `mfhd` sequence number of the segment's `moof` (set by the CMAF segmenter). */
  readonly sequenceNumber?: number;
  /** Set by an encryption stage: the segment's protection (key id may change per key period). No key material. */
  readonly protection?: ProtectionInfo;
}

/** A manifest file (HLS playlist or DASH MPD) ready to be stored after the segments it lists. */
export interface Manifest {
  readonly type: 'manifest-file';
  readonly format: 'hls' | 'dash';
  /** `master` for the HLS multivariant playlist and the DASH MPD, `media` for HLS media playlists. */
  readonly role: 'master' | 'media';
  readonly path: string;
  readonly data: string;
}
