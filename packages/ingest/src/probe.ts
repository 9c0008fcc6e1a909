import { fileURLToPath } from 'node:url';
import { OttError, checkInputFile, locateBinary } from '@ott/core';
import type { SourceInfo } from '@ott/core';
import { classifyProbeFailure } from './ffprobe/classifyProbeFailure.js';
import { runFfprobe } from './ffprobe/runFfprobe.js';
import { toSourceInfo } from './ffprobe/toSourceInfo.js';
import type { FfprobeJson } from './ffprobe/toSourceInfo.js';

import { checkMp4Structure } from './mp4/checkMp4Structure.js';

/** Options of {@link probe}. */
export interface ProbeOptions {
  /** Kill ffprobe after this many milliseconds (default 30 000). */
  readonly timeoutMs?: number;
  /** ffprobe binary (default: `FFPROBE_PATH`, then `PATH`). */
  readonly ffprobePath?: string;
  /** Aborts the probe (ffprobe is killed; the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

/**
 * Describes an input with ffprobe: container, duration, first video and first audio stream.
 *
 * Local files are checked first (exists, not empty, MP4/MOV box structure complete) so that the common failures get
 * a precise {@link OttError} (stage `ingest`): `INPUT_NOT_FOUND`, `INPUT_EMPTY`, `INPUT_NOT_MEDIA`, `INPUT_TRUNCATED`,
 * `INPUT_NO_STREAMS`, `INPUT_UNREADABLE`, or `PROBE_FAILED`. URLs (`http://`, `srt://`, …) go to ffprobe as they are.
 * Audio-only and video-only inputs are valid: `video` or `audio` is then undefined. Rotation metadata is not applied
 * yet (a rotated phone video is described with its stored, unrotated dimensions).
 *
 * @example
 * ```ts
 * const info = await probe('in.mp4');
 * console.log(info.durationSeconds, info.video?.height, info.audio?.channels);
 * ```
 */
export async function probe(pathOrUrl: string, options: ProbeOptions = {}): Promise<SourceInfo> {
  const ffprobePath = options.ffprobePath ?? locateBinary('ffprobe');
  const local = localPathOf(pathOrUrl);
  let looksLikeMp4 = false;
  if (local !== undefined) {
    const size = await checkInputFile(local, 'ingest');
    const structure = await checkMp4Structure(local, size);
    looksLikeMp4 = structure.isMp4;
    if (structure.truncated) {
      const { box, declaredEnd, fileSize } = structure.truncated;
      throw new OttError(
        'INPUT_TRUNCATED',
        `Input "${pathOrUrl}" is truncated: its "${box}" box ends at byte ${declaredEnd} but the file has only ${fileSize} bytes ` +
          `(${Math.round((fileSize / declaredEnd) * 100)}% present). The copy or upload was cut short: provide the complete file.`,
        { stage: 'ingest', details: { url: pathOrUrl, ...structure.truncated } },
      );
    }
  }
  const output = await runFfprobe(local ?? pathOrUrl, {
    ffprobePath,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (output.exitCode !== 0) throw classifyProbeFailure(pathOrUrl, output.stderr, looksLikeMp4);
  let json: FfprobeJson;
  try {
    json = JSON.parse(output.stdout) as FfprobeJson;
  } catch (error) {
    throw new OttError('PROBE_FAILED', `ffprobe printed output that is not JSON for "${pathOrUrl}". Check that FFPROBE_PATH points to ffprobe.`, {
      stage: 'ingest',
      cause: error,
      details: { url: pathOrUrl, stdout: output.stdout.slice(0, 200) },
    });
  }
  const info = toSourceInfo(pathOrUrl, json);
  if (info.video === undefined || !CAPTION_CODECS.has(info.video.codec)) return info;
  const captions = await hasClosedCaptions(local ?? pathOrUrl, info.video.index, { ffprobePath, timeoutMs: Math.min(options.timeoutMs ?? 30_000, 10_000), ...(options.signal ? { signal: options.signal } : {}) });
  return { ...info, video: { ...info.video, closedCaptions: captions } };
}

/** Video codecs that carry CEA-608/708 captions as ATSC A/53 SEI user data. */
const CAPTION_CODECS = new Set(['h264', 'hevc', 'mpeg2video']);
const CAPTION_SIDE_DATA = 'ATSC A53 Part 4 Closed Captions';

/**
 * Whether the first frames of the video carry CEA-608/708 cc_data (ffmpeg's own test: a captioned stream carries
 * cc_data, padding included, in every frame). Decodes 12 frames; a failure counts as no captions.
 */
async function hasClosedCaptions(input: string, streamIndex: number, options: { ffprobePath: string; timeoutMs: number; signal?: AbortSignal }): Promise<boolean> {
  const show = ['-select_streams', String(streamIndex), '-read_intervals', '%+#12', '-show_entries', 'frame=side_data_list:side_data=side_data_type'];
  const output = await runFfprobe(input, { ...options, show }).catch(() => undefined);
  return output?.exitCode === 0 && output.stdout.includes(CAPTION_SIDE_DATA);
}

/** The file system path of a local input, or `undefined` for a URL that ffprobe opens itself. */
function localPathOf(pathOrUrl: string): string | undefined {
  if (/^file:/i.test(pathOrUrl)) return fileURLToPath(pathOrUrl);
  // A scheme of 2+ letters followed by ':' is a protocol (http:, srt:, rtmp:, pipe:); one letter is a Windows drive.
  if (/^[a-z][a-z0-9+.-]+:/i.test(pathOrUrl)) return undefined;
  return pathOrUrl;
}
