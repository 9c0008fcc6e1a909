import type { ExtraArgs } from './ffmpeg/buildLadderArgs.js';

/** Options of {@link transcodeLadder}. */
export interface TranscodeOptions {
  /** Keyframe interval in seconds, identical on every rung (default 2). */
  readonly gopSeconds?: number;
  /** When given, checked to be a multiple of `gopSeconds` so every segment starts on a keyframe (e.g. 4). */
  readonly segmentSeconds?: number;
  /** Encoder speed in x264 terms (`ultrafast` … `veryslow`, default `veryfast`). */
  readonly preset?: string;
  /** Encoder threads per rendition (default: ffmpeg decides). */
  readonly threads?: number;
  /** Maximum consecutive B-frames for h264/h265 (`-bf`; default: the preset's). */
  readonly bFrames?: number;
  /** ffmpeg binary (default: `FFMPEG_PATH`, then `PATH`). */
  readonly ffmpegPath?: string;
  /** Extra ffmpeg arguments for the input, video outputs and audio outputs. */
  readonly extraArgs?: ExtraArgs;
  /** Bytes queued downstream (reported through `flow`) at which the ffmpeg pipes are paused (default 32 MiB). */
  readonly highWaterBytes?: number;
  /** Aborting kills ffmpeg and errors the stream with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called when ffmpeg starts (pid and arguments), e.g. to log the command. */
  readonly onSpawn?: (info: { readonly pid: number | undefined; readonly args: readonly string[] }) => void;
}
