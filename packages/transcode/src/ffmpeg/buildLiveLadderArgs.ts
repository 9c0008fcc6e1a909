import { OttError } from '@ott/core';
import type { LiveInputFormat } from '@ott/core';
import type { ResolvedLadder, ResolvedVideoRendition } from '../ladder/ResolvedLadder.js';
import type { LadderArgs, LadderOutput } from './buildLadderArgs.js';
import { FIRST_OUTPUT_FD } from './buildLadderArgs.js';
import { SPEEDS, audioCodecArgs, videoCodecArgs } from './codecArgs.js';

/** Options of {@link buildLiveLadderArgs}. */
export interface LiveLadderArgsOptions {
  /** Container ffmpeg reads from stdin. */
  readonly format: LiveInputFormat;
  /** Extra input options (placed before `-i pipe:0`). */
  readonly inputArgs?: readonly string[];
  /** Keyframe interval = segment duration in seconds (default 2). */
  readonly gopSeconds?: number;
  /**
   * Fragment duration target in seconds: ffmpeg cuts a fragment (an LL-HLS part / LL-DASH chunk) about this often as
   * well as at every keyframe (default: `gopSeconds`, i.e. one fragment per segment).
   */
  readonly fragmentSeconds?: number;
  /** x264 preset (default `superfast`: live must keep real time on small machines). */
  readonly preset?: string;
  readonly threads?: number;
  /** Constant output frame rate (default 30): live sources (WebRTC above all) are often variable-rate. */
  readonly frameRate?: number;
}

/**
 * The ffmpeg command of a live ladder: reads one publisher session from stdin, decodes once, makes the frame rate
 * constant, `split`s and scales to every rung (`scale=-2:<height>`: the width follows the publisher's real aspect
 * ratio, which an ingest may not know in advance) and encodes each rendition to its own fragmented MP4 pipe with
 * low-latency settings: x264 `zerolatency` (no B-frames, no look-ahead), keyframes on a fixed time grid, and fragments
 * of about `fragmentSeconds` flushed as soon as they are complete.
 *
 * @example
 * ```ts
 * declare const ladder: ResolvedLadder; // resolveLadder(parseLadderSpec('720p,360p,audio'), source)
 * const { args, outputs } = buildLiveLadderArgs(ladder, { format: 'flv', gopSeconds: 2, fragmentSeconds: 0.5 });
 * ```
 */
export function buildLiveLadderArgs(ladder: ResolvedLadder, options: LiveLadderArgsOptions): LadderArgs {
  const gop = options.gopSeconds ?? 2;
  const fragment = options.fragmentSeconds ?? gop;
  if (!(gop > 0 && Number.isFinite(gop)) || !(fragment > 0 && fragment <= gop)) {
    throw new OttError('INVALID_LADDER', `Live GOP must be > 0 s and the fragment duration between 0 and the GOP; got GOP ${gop} s, fragment ${fragment} s.`, {
      stage: 'transcode',
    });
  }
  const preset = options.preset ?? 'superfast';
  if (!SPEEDS.includes(preset)) throw new OttError('INVALID_LADDER', `Unknown preset "${preset}"; use one of ${SPEEDS.join(', ')}.`, { stage: 'transcode' });
  const frameRate = options.frameRate ?? 30;
  const { videoUs, audioUs } = fragmentDurations(gop, fragment, frameRate);
  const args: string[] = ['-hide_banner', '-nostats', '-loglevel', 'warning', '-progress', 'pipe:1'];
  // ffmpeg's default probing reads 5 s of a live input before it starts (the first picture 5 s late): 1 s finds the
  // streams of every ingest we hand it. inputArgs come after, so an ingest can override it.
  const probe = ['-analyzeduration', '1000000', '-probesize', '1000000'];
  args.push('-fflags', '+genpts', '-thread_queue_size', '1024', ...probe, ...(options.inputArgs ?? []), '-f', options.format, '-i', 'pipe:0');
  const outputs: LadderOutput[] = [];
  const threads = options.threads !== undefined ? ['-threads', String(options.threads)] : [];
  // Every audio frame is a sync sample: frag_keyframe would cut one fragment per frame, so audio is cut by duration only.
  const fragmentFlags = (movflags: string, us: number): string[] => ['-f', 'mp4', '-movflags', movflags, '-frag_duration', String(us), '-flush_packets', '1'];
  if (ladder.video.length > 0) {
    args.push('-filter_complex', liveVideoFilter(ladder.video, frameRate));
    ladder.video.forEach((rung, i) => {
      const fd = FIRST_OUTPUT_FD + outputs.length;
      outputs.push({ renditionId: rung.id, kind: 'video', fd });
      const lowLatency = rung.codec === 'h264' || rung.codec === 'h265' ? ['-tune', 'zerolatency', '-bf', '0'] : [];
      args.push('-map', `[v${i}]`, '-map_metadata', '-1', ...videoCodecArgs({ ...rung, frameRate }, gop, preset), ...lowLatency, ...threads, ...fragmentFlags('+frag_keyframe+empty_moov+default_base_moof', videoUs), `pipe:${fd}`);
    });
  }
  for (const rendition of ladder.audio) {
    const fd = FIRST_OUTPUT_FD + outputs.length;
    outputs.push({ renditionId: rendition.id, kind: 'audio', fd });
    args.push('-map', '0:a:0', '-map_metadata', '-1', ...audioCodecArgs(rendition), ...threads, ...fragmentFlags('+empty_moov+default_base_moof', audioUs), `pipe:${fd}`);
  }
  return { args, outputs };
}

/**
 * `-frag_duration` values (µs) that make every video fragment the largest whole number of frames within the target
 * (25 fps, 0.5 s: 12 frames, 0.48 s). RFC 8216bis §4.4.4.9 wants parts of at least 85 % of PART-TARGET except the
 * last of a segment, so the GOP's remainder becomes that last, short part (12 + 12 + 12 + 12 + 2 frames) rather than
 * five 0.4 s parts. ffmpeg cuts a fragment once it reaches frag_duration, so the value sits half a frame under the
 * wanted length. Audio fragments aim at the same length, half an AAC frame under it.
 */
export function fragmentDurations(gop: number, fragment: number, frameRate: number): { videoUs: number; audioUs: number; framesPerPart: number } {
  const gopFrames = Math.max(1, Math.round(gop * frameRate));
  const maxFrames = Math.max(1, Math.floor(fragment * frameRate + 1e-6));
  const framesPerPart = Math.min(gopFrames, maxFrames);
  const partSeconds = framesPerPart / frameRate;
  return {
    framesPerPart,
    videoUs: Math.max(1, Math.round(((framesPerPart - 0.5) / frameRate) * 1e6)),
    audioUs: Math.max(1, Math.round((partSeconds - 0.0107) * 1e6)),
  };
}

function liveVideoFilter(rungs: readonly ResolvedVideoRendition[], frameRate: number): string {
  const scale = (r: ResolvedVideoRendition, i: number, from: string): string => `${from}scale=-2:${r.height},format=yuv420p,setsar=1[v${i}]`;
  const head = `[0:v:0]fps=${frameRate}`;
  if (rungs.length === 1 && rungs[0]) return scale(rungs[0], 0, `${head},`);
  const branches = rungs.map((_, i) => `[s${i}]`).join('');
  return [`${head},split=${rungs.length}${branches}`, ...rungs.map((r, i) => scale(r, i, `[s${i}]`))].join(';');
}
