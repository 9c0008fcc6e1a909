import { OttError } from '@ott/core';
import type { MediaKind, SourceInfo } from '@ott/core';
import type { ResolvedAudioRendition, ResolvedLadder, ResolvedVideoRendition } from '../ladder/ResolvedLadder.js';
import { FRAGMENTED, SPEEDS, audioCodecArgs, videoCodecArgs } from './codecArgs.js';

/** Extra ffmpeg arguments, by where they go. */
export interface ExtraArgs {
  /** Before `-i` (input options, e.g. `['-t', '10']` to encode the first 10 s only). */
  readonly input?: readonly string[];
  /** Before every video output (e.g. `['-tune', 'film']`). */
  readonly video?: readonly string[];
  /** Before every audio output. */
  readonly audio?: readonly string[];
}

/** Options of {@link buildLadderArgs}. */
export interface LadderArgsOptions {
  /** GOP (keyframe interval) in seconds; segment durations must be a multiple (default 2). */
  readonly gopSeconds?: number;
  /** Encoder speed preset in x264 terms (`ultrafast` … `veryslow`, default `veryfast`); mapped for VP9 and AV1. */
  readonly preset?: string;
  /** Encoder threads per rendition (default: ffmpeg's choice). */
  readonly threads?: number;
  /** Maximum consecutive B-frames for h264/h265 (`-bf`; default: the preset's). 0 gives zero-delay output. */
  readonly bFrames?: number;
  readonly extraArgs?: ExtraArgs;
  /** Where output `index` (file descriptor `fd`) goes; default `pipe:<fd>`. Use file names to print a shell command. */
  readonly target?: (rendition: ResolvedVideoRendition | ResolvedAudioRendition, fd: number) => string;
  /** `-progress` destination (default `pipe:1`, stdout); `false` for none. */
  readonly progress?: string | false;
  /** Input to read (default `source.url`). */
  readonly input?: string;
}

/** One ffmpeg output: a single-track fragmented MP4 on file descriptor `fd`. */
export interface LadderOutput {
  readonly renditionId: string;
  readonly kind: MediaKind;
  readonly fd: number;
}

/** The command line of one ladder job. */
export interface LadderArgs {
  /** Arguments after the ffmpeg binary. */
  readonly args: readonly string[];
  /** Outputs in argument order, on fds 3, 4, 5, … */
  readonly outputs: readonly LadderOutput[];
}

/** First file descriptor used for outputs (0-2 are stdin, stdout with `-progress`, stderr). */
export const FIRST_OUTPUT_FD = 3;

/**
 * Builds the single ffmpeg command that encodes a whole ladder: the input is decoded once, `split` into one
 * `scale` + `format=yuv420p` branch per rung, and every rendition is written as its own single-track fragmented MP4
 * (fd 3, 4, …). Keyframes are forced every `gopSeconds` on every rung (`-force_key_frames`, fixed `-g`, scene-cut
 * off, closed GOPs) so segments of all rungs start on a keyframe at the same time. Pure: no process is started.
 *
 * @example
 * ```ts
 * declare const source: SourceInfo; // from probe()
 * const { args } = buildLadderArgs(resolveLadder(defaultLadder, source), source, { target: (r) => `${r.id}.mp4` });
 * console.log(['ffmpeg', ...args].join(' '));
 * ```
 */
export function buildLadderArgs(ladder: ResolvedLadder, source: SourceInfo, options: LadderArgsOptions = {}): LadderArgs {
  const gop = options.gopSeconds ?? 2;
  if (!(gop > 0 && Number.isFinite(gop))) {
    throw new OttError('INVALID_LADDER', `gopSeconds must be a positive number of seconds, got ${String(gop)} (2 is typical).`, { stage: 'transcode' });
  }
  const preset = options.preset ?? 'veryfast';
  if (!SPEEDS.includes(preset)) {
    throw new OttError('INVALID_LADDER', `Unknown preset "${preset}"; use one of ${SPEEDS.join(', ')}.`, { stage: 'transcode' });
  }
  const args: string[] = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning'];
  if (options.progress !== false) args.push('-progress', options.progress ?? 'pipe:1');
  args.push(...(options.extraArgs?.input ?? []), '-i', options.input ?? source.url);
  const outputs: LadderOutput[] = [];
  const target = options.target ?? ((_r, fd) => `pipe:${fd}`);
  const threads = options.threads !== undefined ? ['-threads', String(options.threads)] : [];

  if (ladder.video.length > 0) {
    if (!source.video) throw new OttError('INVALID_LADDER', `The ladder has video rungs but "${source.url}" has no video.`, { stage: 'transcode' });
    args.push('-filter_complex', videoFilter(ladder.video, source.video.index));
    ladder.video.forEach((rung, i) => {
      const fd = FIRST_OUTPUT_FD + outputs.length;
      outputs.push({ renditionId: rung.id, kind: 'video', fd });
      const bf = options.bFrames !== undefined && (rung.codec === 'h264' || rung.codec === 'h265') ? ['-bf', String(options.bFrames)] : [];
      args.push('-map', `[v${i}]`, '-map_metadata', '-1', '-map_chapters', '-1', ...videoCodecArgs(rung, gop, preset), ...bf, ...threads);
      args.push(...(options.extraArgs?.video ?? []), '-f', 'mp4', '-movflags', FRAGMENTED, target(rung, fd));
    });
  }
  for (const rendition of ladder.audio) {
    if (!source.audio) throw new OttError('INVALID_LADDER', `The ladder has audio renditions but "${source.url}" has no audio.`, { stage: 'transcode' });
    const fd = FIRST_OUTPUT_FD + outputs.length;
    outputs.push({ renditionId: rendition.id, kind: 'audio', fd });
    args.push('-map', `0:${rendition.sourceStream ?? source.audio.index}`, '-map_metadata', '-1', '-map_chapters', '-1', ...audioCodecArgs(rendition), ...threads);
    // Every audio frame is a sync sample, so frag_keyframe would cut one fragment per frame: cut by duration instead.
    args.push(...(options.extraArgs?.audio ?? []), '-f', 'mp4', '-movflags', '+empty_moov+default_base_moof', '-frag_duration', String(Math.round(gop * 1e6)));
    args.push(target(rendition, fd));
  }
  return { args, outputs };
}

function videoFilter(rungs: readonly ResolvedVideoRendition[], streamIndex: number): string {
  const scale = (r: ResolvedVideoRendition, i: number, from: string): string => `${from}scale=${r.width}:${r.height},format=yuv420p,setsar=1[v${i}]`;
  if (rungs.length === 1 && rungs[0]) return scale(rungs[0], 0, `[0:${streamIndex}]`);
  const branches = rungs.map((_, i) => `[s${i}]`).join('');
  return [`[0:${streamIndex}]split=${rungs.length}${branches}`, ...rungs.map((r, i) => scale(r, i, `[s${i}]`))].join(';');
}
