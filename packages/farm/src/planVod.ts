import { isAbsolute, join } from 'node:path';
import { OttError, isS3Url, parseS3Url } from '@ott/core';
import type { SourceInfo } from '@ott/core';
import { defaultLadder, resolveLadder } from '@ott/transcode';
import type { StorageSpec } from './storage/FarmStorage.js';
import type { VodJob } from './VodJob.js';
import type { EncodeSettings, EncodeTask, VodPlan } from './VodPlan.js';

/** Work-folder name inside the output folder (removed when the job completes). */
export const WORK_FOLDER = '.ott-farm';
const ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Relative cost of one media second, in pixels encoded: audio ≈ a quarter of a 320×180 rung. */
const AUDIO_COST = 15_000;
/** Decoding the source costs about a fifth of encoding it at full size, for every video task. */
const DECODE_SHARE = 0.2;
/** Share of the job spent stitching (measured: demux + segment + write, a few percent of the encode). */
const STITCH_SHARE = 0.03;

/**
 * Splits a VOD job into farm tasks. Video is cut into chunks of `chunkDuration` (a multiple of the segment duration,
 * itself a multiple of the GOP), so each chunk starts with a keyframe exactly on a segment boundary and no segment
 * spans two chunks; each chunk × video rendition is one encode task. Audio is encoded as ONE task per audio rendition
 * over the whole source: AAC priming and frame padding would otherwise put a gap or a click at every join. A last
 * chunk shorter than one GOP is merged into the one before. Pure: nothing is started.
 *
 * @example
 * ```ts
 * const plan = planVod({ source: await probe('/mnt/in.mp4'), output: '/mnt/out' }, 'job-1');
 * console.log(plan.encodes.length, 'encode tasks');
 * ```
 */
export function planVod(job: VodJob, vodId: string): VodPlan {
  const { source } = job;
  if (!ID.test(vodId)) invalid(`Job id "${vodId}" must be 1–80 letters, digits, "_" or "-".`);
  const output = outputSpec(job);
  const segmentDuration = job.segmentDuration ?? 4;
  if (!(segmentDuration > 0 && segmentDuration <= 60)) invalid(`segmentDuration must be in (0, 60] seconds, got ${String(segmentDuration)}.`);
  const gopSeconds = job.gopSeconds ?? segmentDuration / Math.max(1, Math.round(segmentDuration / 2));
  if (!(gopSeconds > 0) || !isMultiple(segmentDuration, gopSeconds)) {
    invalid(`The segment duration (${segmentDuration} s) must be a multiple of gopSeconds (${String(gopSeconds)} s) so every segment starts on a keyframe.`);
  }
  const chunkDuration = job.chunkDuration ?? segmentDuration * Math.max(1, Math.round(30 / segmentDuration));
  if (!(chunkDuration > 0) || !isMultiple(chunkDuration, segmentDuration)) {
    invalid(`chunkDuration (${String(chunkDuration)} s) must be a multiple of the segment duration (${segmentDuration} s): a segment may not straddle a chunk join.`);
  }
  const threads = job.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 0) invalid(`threads must be a non-negative integer (0: ffmpeg decides), got ${String(threads)}.`);
  const settings: EncodeSettings = {
    gopSeconds,
    preset: job.preset ?? 'veryfast',
    threads,
    ...(job.bFrames !== undefined ? { bFrames: job.bFrames } : {}),
    ...(job.extraArgs !== undefined ? { extraArgs: job.extraArgs } : {}),
  };
  const ladder = resolveLadder(job.ladder ?? defaultLadder, source);
  const duration = source.durationSeconds;
  if (!(duration > 0)) invalid(`The input's duration is unknown (${String(duration)} s); the farm needs it to cut chunks. Remux the input (ffmpeg -c copy).`);
  const chunks = cutChunks(duration, chunkDuration, gopSeconds);
  const work: StorageSpec = output.kind === 'folder' ? { kind: 'folder', path: join(output.path, WORK_FOLDER, vodId) } : { ...output, prefix: [output.prefix, WORK_FOLDER, vodId].filter(Boolean).join('/') };
  const common = { vodId, source, work, settings };
  const encodes: EncodeTask[] = [
    // Audio first: it is the longest single task, so it should not be the last one to start.
    ...ladder.audio.map((rendition): EncodeTask => ({ ...common, kind: 'audio', taskId: `${vodId}-${rendition.id}`, rendition, index: 0, start: 0, key: `${rendition.id}/audio.mp4` })),
    ...chunks.flatMap((chunk, index) =>
      ladder.video.map((rendition): EncodeTask => ({
        ...common,
        kind: 'chunk',
        taskId: `${vodId}-${rendition.id}-c${pad(index)}`,
        rendition,
        index,
        start: chunk.start,
        ...(chunk.duration !== undefined ? { duration: chunk.duration } : {}),
        key: chunkKey(rendition.id, index),
      })),
    ),
  ];
  const stitch = {
    kind: 'stitch',
    vodId,
    taskId: `${vodId}-stitch`,
    source,
    renditions: [
      ...ladder.video.map((rendition) => ({ rendition, keys: chunks.map((_, index) => chunkKey(rendition.id, index)) })),
      ...ladder.audio.map((rendition) => ({ rendition, keys: [`${rendition.id}/audio.mp4`] })),
    ],
    chunkStarts: chunks.map((c) => c.start),
    segmentDuration,
    formats: [...(job.formats ?? ['hls', 'dash'])],
    work,
    output,
    ...(job.encryption === undefined ? {} : { encryption: job.encryption }),
  } as const;
  return { vodId, durationSeconds: duration, chunks, encodes, stitch, finalize: { kind: 'finalize', vodId, taskId: vodId, work, durationSeconds: duration, progress: weights(encodes, stitch.taskId, source, duration) } };
}

function cutChunks(duration: number, chunkDuration: number, gop: number): { start: number; duration?: number }[] {
  let count = Math.max(1, Math.ceil(duration / chunkDuration - 1e-9));
  if (count > 1 && duration - (count - 1) * chunkDuration < gop) count -= 1;
  return Array.from({ length: count }, (_, i) => ({ start: round(i * chunkDuration), ...(i < count - 1 ? { duration: chunkDuration } : {}) }));
}

function weights(encodes: readonly EncodeTask[], stitchId: string, source: SourceInfo, duration: number): { taskId: string; weight: number; seconds: number }[] {
  const sourcePixels = (source.video?.width ?? 0) * (source.video?.height ?? 0);
  const rows = encodes.map((task) => {
    const seconds = task.duration ?? Math.max(0, duration - task.start);
    const r = task.rendition;
    const perSecond = r.kind === 'video' ? DECODE_SHARE * sourcePixels + r.width * r.height : AUDIO_COST;
    return { taskId: task.taskId, cost: seconds * perSecond, seconds };
  });
  const encodeCost = rows.reduce((sum, row) => sum + row.cost, 0) || 1;
  const total = encodeCost / (1 - STITCH_SHARE);
  return [...rows.map((row) => ({ taskId: row.taskId, weight: row.cost / total, seconds: row.seconds })), { taskId: stitchId, weight: STITCH_SHARE, seconds: duration }];
}

/** The output storage of a job: an absolute shared folder, or `s3://bucket/prefix` with the job's connection settings. */
function outputSpec(job: VodJob): StorageSpec {
  if (isS3Url(job.output)) {
    let location: { bucket: string; prefix: string };
    try {
      location = parseS3Url(job.output);
    } catch (error) {
      return invalid((error as Error).message);
    }
    const s3 = job.s3 ?? {};
    return {
      kind: 's3',
      ...location,
      ...(s3.endpoint === undefined ? {} : { endpoint: s3.endpoint }),
      ...(s3.region === undefined ? {} : { region: s3.region }),
      ...(s3.forcePathStyle === undefined ? {} : { forcePathStyle: s3.forcePathStyle }),
    };
  }
  if (job.s3 !== undefined) invalid('s3 connection settings were given, but the output is not an s3:// location.');
  if (!isAbsolute(job.output)) invalid(`The output must be an absolute folder path that every worker sees alike, or s3://bucket/prefix; got "${job.output}".`);
  return { kind: 'folder', path: job.output };
}

/** Storage key of one chunk of one video rendition. */
export function chunkKey(renditionId: string, index: number): string {
  return `${renditionId}/chunk-${pad(index)}.mp4`;
}

function pad(index: number): string {
  return String(index).padStart(5, '0');
}

function isMultiple(value: number, of: number): boolean {
  const ratio = value / of;
  return ratio >= 1 - 1e-9 && Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

function invalid(message: string): never {
  throw new OttError('QUEUE_INVALID_JOB', message, { stage: 'transcode' });
}
