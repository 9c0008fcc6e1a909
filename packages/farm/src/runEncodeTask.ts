import { pipeline } from 'node:stream/promises';
import { OttError, locateBinary } from '@ott/core';
import { buildLadderArgs, createProgressParser, ffmpegFailure, runFfmpeg } from '@ott/transcode';
import type { ResolvedLadder } from '@ott/transcode';
import { openStorage } from './storage/openStorage.js';
import type { EncodeTask } from './VodPlan.js';

/** Progress of one encode task, from ffmpeg's `-progress` output. */
export interface EncodeProgress {
  /** Media seconds of the task's range encoded so far. */
  readonly processedSeconds: number;
  readonly frame?: number;
  readonly fps?: number;
}

/** Options of {@link runEncodeTask}. */
export interface EncodeTaskOptions {
  readonly ffmpegPath?: string;
  /** Aborting kills ffmpeg; nothing is published. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: EncodeProgress) => void;
}

/** What one encode task did. */
export interface EncodeResult {
  readonly key: string;
  /** `true` when the output was already stored (a redo after a crash between store and acknowledgement). */
  readonly skipped: boolean;
  readonly frames?: number;
  readonly bytes: number;
  readonly seconds: number;
}

/**
 * Encodes one farm task with ffmpeg: a chunk of one video rendition (`-ss <start> -t <length>` before `-i`: ffmpeg
 * seeks to the keyframe before `start` and decodes from there, dropping frames before `start`, so the chunk holds
 * exactly the source frames of its range and timestamps restart at 0) or one audio rendition over the whole source.
 * Keyframes are forced on the same grid as a single-process run, which puts the chunk's first frame on a keyframe.
 * The fragmented MP4 is read from ffmpeg's pipe (ffmpeg dies with its worker) and stored atomically under the
 * task's key; an output that already exists is kept (idempotent redo).
 */
export async function runEncodeTask(task: EncodeTask, options: EncodeTaskOptions = {}): Promise<EncodeResult> {
  const started = performance.now();
  const storage = openStorage(task.work);
  if (await storage.has(task.key)) return { key: task.key, skipped: true, bytes: 0, seconds: 0 };
  const { settings } = task;
  const threads = settings.threads > 0 ? String(settings.threads) : undefined;
  const input = [
    ...(threads !== undefined ? ['-threads', threads, '-filter_complex_threads', threads] : []),
    ...(task.start > 0 ? ['-ss', String(task.start)] : []),
    ...(task.duration !== undefined ? ['-t', String(task.duration)] : []),
    ...(settings.extraArgs?.input ?? []),
  ];
  const ladder: ResolvedLadder = task.rendition.kind === 'video' ? { video: [task.rendition], audio: [] } : { video: [], audio: [task.rendition] };
  const { args } = buildLadderArgs(ladder, task.source, {
    gopSeconds: settings.gopSeconds,
    preset: settings.preset,
    ...(threads !== undefined ? { threads: settings.threads } : {}),
    ...(settings.bFrames !== undefined ? { bFrames: settings.bFrames } : {}),
    extraArgs: { input, ...(settings.extraArgs?.video ? { video: settings.extraArgs.video } : {}), ...(settings.extraArgs?.audio ? { audio: settings.extraArgs.audio } : {}) },
  });
  const ffmpegPath = options.ffmpegPath ?? locateBinary('ffmpeg');
  const pending = await storage.create(task.key);
  const proc = runFfmpeg(args, { ffmpegPath, outputCount: 1 });
  const onAbort = (): void => proc.kill();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let frames: number | undefined;
  const parse = createProgressParser();
  proc.progress.setEncoding('utf8');
  proc.progress.on('data', (text: string) => {
    for (const block of parse(text)) {
      if (block.frame !== undefined) frames = block.frame;
      options.onProgress?.({ processedSeconds: block.outTimeSeconds ?? 0, ...(block.frame !== undefined ? { frame: block.frame } : {}), ...(block.fps !== undefined ? { fps: block.fps } : {}) });
    }
  });
  let bytes = 0;
  const output = proc.outputs[0];
  if (!output) throw new OttError('INTERNAL', 'ffmpeg was started without its output pipe.', { stage: 'transcode' });
  output.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
  try {
    const [copied, exit] = await Promise.allSettled([pipeline(output, pending.stream), proc.exited]);
    options.signal?.throwIfAborted();
    if (exit.status === 'fulfilled' && (exit.value.spawnError || exit.value.code !== 0)) {
      throw ffmpegFailure(exit.value, proc.stderrTail(), ffmpegPath, task.source.url);
    }
    if (copied.status === 'rejected') {
      throw new OttError('STORAGE_WRITE_FAILED', `Storing ${task.key} failed: ${String(copied.reason)}`, { stage: 'storage', cause: copied.reason });
    }
    if (bytes === 0) throw new OttError('FFMPEG_FAILED', `ffmpeg wrote nothing for ${task.taskId}.`, { stage: 'transcode', details: { stderr: proc.stderrTail() } });
    await pending.commit();
  } catch (error) {
    proc.kill();
    await pending.abort();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  return { key: task.key, skipped: false, ...(frames !== undefined ? { frames } : {}), bytes, seconds: (performance.now() - started) / 1000 };
}
