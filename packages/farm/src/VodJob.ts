import type { Ladder, SourceInfo } from '@ott/core';
import type { ExtraArgs } from '@ott/transcode';
import type { FarmEncryption } from './FarmEncryption.js';

/**
 * A VOD job for the transcode farm ({@link enqueueVod}): one probed input, one output folder, the same encoder
 * settings as {@link transcodeLadder}. Plain JSON: it travels through Redis to the workers.
 *
 * Paths are read and written by the workers, not by the process that enqueues: `source.url` and `output` must mean
 * the same place on every worker machine (a shared folder mounted at the same path, an `s3://` bucket, or an
 * `http(s)://` input URL).
 */
export interface VodJob {
  /** Job id (letters, digits, `_`, `-`; default: generated). Enqueueing an id that exists is a no-op, not a second job. */
  readonly id?: string;
  /** The input as `probe()` (`@ott/ingest`) describes it; `source.url` is what ffmpeg on every worker opens. */
  readonly source: SourceInfo;
  /**
   * Where the output goes: an absolute folder on shared storage, or `s3://bucket/prefix` (workers share nothing but
   * Redis and the bucket; each takes S3 credentials from its environment). It holds `master.m3u8`, `manifest.mpd` and
   * one folder per rendition; the encoded chunks wait under `.ott-farm/<job id>/` there until the job is done.
   */
  readonly output: string;
  /** How to reach an `s3://` output: an S3-compatible endpoint, region and path-style URLs (default: AWS S3). */
  readonly s3?: { readonly endpoint?: string; readonly region?: string; readonly forcePathStyle?: boolean };
  /**
   * Encrypt the output (Common Encryption cenc/cbcs or HLS AES-128), as `encryptCmaf` does in a single process; made
   * from `encryptCmaf` options with {@link toFarmEncryption}. Raw keys then sit in Redis with the job: see
   * {@link FarmEncryption}.
   */
  readonly encryption?: FarmEncryption;
  /** Default: the default ladder of {@link transcodeLadder}, fitted to the source. */
  readonly ladder?: Ladder;
  /** Segment duration in seconds (default 4). */
  readonly segmentDuration?: number;
  /** Keyframe interval in seconds; must divide the segment duration (default: ≤ 2 s dividing it). */
  readonly gopSeconds?: number;
  /**
   * Length of one chunk of video encoded by one worker, in seconds: a multiple of the segment duration, so every
   * chunk starts with a keyframe on a segment boundary and no segment straddles a join (default: the multiple
   * closest to 30 s).
   */
  readonly chunkDuration?: number;
  /** x264 preset (default `veryfast`). */
  readonly preset?: string;
  /**
   * Threads per encode, applied to the decoder, the filters and the encoder (default 1: a farm gets its parallelism
   * from running one single-threaded encode per core, which wastes nothing on thread synchronisation).
   */
  readonly threads?: number;
  /** Maximum consecutive B-frames (`-bf`, default: the preset's). */
  readonly bFrames?: number;
  /** Extra ffmpeg arguments (e.g. `{ video: ['-qp', '26'] }` for constant-QP encodes that do not depend on chunking). */
  readonly extraArgs?: ExtraArgs;
  /** Manifest formats (default both). */
  readonly formats?: readonly ('hls' | 'dash')[];
}
