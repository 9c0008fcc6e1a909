/** Options of {@link transcodeLive}. */
export interface LiveTranscodeOptions {
  /** Segment duration = keyframe interval on every rung, in seconds (default 2). */
  readonly segmentSeconds?: number;
  /**
   * Fragment (LL-HLS part / LL-DASH chunk) duration target in seconds, e.g. 0.5 for low latency (default: one
   * fragment per segment). Fragments never exceed it by more than the packager's splitting tolerance.
   */
  readonly partSeconds?: number;
  /** x264 preset (default `superfast`). */
  readonly preset?: string;
  /** Encoder threads per rendition (default: ffmpeg decides). */
  readonly threads?: number;
  /** Output frame rate when the ingest does not know the publisher's (default 30). */
  readonly frameRate?: number;
  /** ffmpeg binary (default: `FFMPEG_PATH`, then `PATH`). */
  readonly ffmpegPath?: string;
  /** Bytes queued downstream at which the ffmpeg pipes are paused (default 32 MiB). */
  readonly highWaterBytes?: number;
  /** Called when a session's ffmpeg starts. */
  readonly onSpawn?: (info: { readonly pid: number | undefined; readonly args: readonly string[]; readonly streamKey: string; readonly session: number }) => void;
}
