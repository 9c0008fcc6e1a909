import { Observable } from 'rxjs';
import { OttError, locateBinary } from '@ott/core';
import type { Readable } from 'node:stream';
import type { Ladder, PipelineItem, ProgressEvent, SourceInfo } from '@ott/core';
import { buildLadderArgs } from '../ffmpeg/buildLadderArgs.js';
import { createProgressParser } from '../ffmpeg/parseProgress.js';
import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';
import type { FfmpegExit, FfmpegProcess } from '../ffmpeg/runFfmpeg.js';
import { resolveLadder } from '../ladder/resolveLadder.js';
import type { TranscodeOptions } from '../TranscodeOptions.js';
import { ffmpegFailure } from './ffmpegFailure.js';
import { progressEvent } from './progressEvent.js';
import { readRenditionPipe } from './readRenditionPipe.js';
import type { RenditionPipe } from './readRenditionPipe.js';
import { pauseOnBackpressure } from './pauseOnBackpressure.js';

const PROGRESS_INTERVAL_MS = 250;

/**
 * One ffmpeg run for one source: CmafInit per rendition, then its CmafFragments (carrying the run's
 * {@link Backpressure} as `flow`), interleaved with throttled ProgressEvents. Unsubscribing, erroring and completing
 * all kill ffmpeg and detach every listener.
 */
export function runLadderJob(source: SourceInfo, ladder: Ladder, options: TranscodeOptions): Observable<PipelineItem> {
  return new Observable<PipelineItem>((subscriber) => {
    let proc: FfmpegProcess | undefined;
    let finished = false;
    const cleanups: (() => void)[] = [];
    const cleanup = (): void => {
      finished = true;
      for (const fn of cleanups.splice(0)) fn();
      proc?.kill();
    };
    const fail = (error: unknown): void => {
      if (finished) return;
      cleanup();
      subscriber.error(error);
    };
    try {
      checkSegmentDuration(options);
      const resolved = resolveLadder(ladder, source);
      const { args, outputs } = buildLadderArgs(resolved, source, options);
      const ffmpegPath = options.ffmpegPath ?? locateBinary('ffmpeg');
      const renditions = new Map([...resolved.video, ...resolved.audio].map((r) => [r.id, r]));
      const running = runFfmpeg(args, { ffmpegPath, outputCount: outputs.length });
      proc = running;
      options.onSpawn?.({ pid: running.pid, args });

      // Backpressure: while sinks hold too many bytes, stop reading every output pipe; ffmpeg then blocks on write.
      const { flow, detach } = pauseOnBackpressure(running.outputs, options.highWaterBytes);
      cleanups.push(detach);
      const sink = { next: (item: PipelineItem) => subscriber.next(item), fail, isFinished: () => finished };
      const pipes: RenditionPipe[] = outputs.map((output, i) => {
        const stream = running.outputs[i];
        const rendition = renditions.get(output.renditionId);
        if (!stream || !rendition) throw new OttError('INTERNAL', `No pipe for rendition ${output.renditionId}.`, { stage: 'transcode' });
        const pipe = readRenditionPipe(stream, rendition, flow, sink);
        cleanups.push(pipe.detach);
        return pipe;
      });

      cleanups.push(followProgress(running.progress, source.durationSeconds, () => finished, (event) => subscriber.next(event)));

      if (options.signal) cleanups.push(onAbort(options.signal, fail));

      const onExit = (exit: FfmpegExit): void => {
        if (finished) return;
        const failure = exitFailure(exit, running, pipes, outputs.map((o) => o.renditionId), ffmpegPath, source.url);
        if (failure) return fail(failure);
        const last = progressEvent({ end: true, outTimeSeconds: source.durationSeconds }, source.durationSeconds);
        subscriber.next({ ...last, percent: 100, etaSeconds: 0 });
        cleanup();
        subscriber.complete();
      };
      void running.exited.then(onExit);
    } catch (error) {
      fail(error);
    }
    return cleanup;
  });
}

/** Forwards ffmpeg's `-progress` blocks as ProgressEvents, at most one per {@link PROGRESS_INTERVAL_MS}; returns the detach. */
function followProgress(progress: Readable, durationSeconds: number, isFinished: () => boolean, emit: (event: ProgressEvent) => void): () => void {
  const parseProgress = createProgressParser();
  let lastProgress = 0;
  progress.setEncoding('utf8');
  const onProgress = (text: string): void => {
    for (const block of parseProgress(text)) {
      const now = Date.now();
      if (block.end || isFinished() || now - lastProgress < PROGRESS_INTERVAL_MS) continue;
      lastProgress = now;
      emit(progressEvent(block, durationSeconds));
    }
  };
  progress.on('data', onProgress);
  return () => progress.off('data', onProgress);
}

/** Fails the run when `signal` aborts (at once if it already has); returns the detach. */
function onAbort(signal: AbortSignal, fail: (reason: unknown) => void): () => void {
  const abort = (): void => fail(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  if (signal.aborted) abort();
  return () => signal.removeEventListener('abort', abort);
}

/** Why a finished ffmpeg run failed (non-zero exit, a broken pipe, a rendition without output), or `undefined`. */
function exitFailure(exit: FfmpegExit, running: FfmpegProcess, pipes: readonly RenditionPipe[], renditionIds: readonly string[], ffmpegPath: string, input: string): OttError | undefined {
  if (exit.spawnError || exit.code !== 0) return ffmpegFailure(exit, running.stderrTail(), ffmpegPath, input);
  const broken = pipes.map((p) => p.endError()).find((e) => e !== undefined);
  if (broken) return broken;
  const missing = renditionIds.filter((_, i) => !pipes[i]?.hasInit());
  if (missing.length === 0) return undefined;
  return new OttError('FFMPEG_FAILED', `ffmpeg exited normally but wrote nothing for ${missing.join(', ')}. Check that the input's streams decode (ffmpeg -i ${input}).`, {
    stage: 'transcode',
    details: { missing, stderr: running.stderrTail().slice(-10) },
  });
}

function checkSegmentDuration(options: TranscodeOptions): void {
  const gop = options.gopSeconds ?? 2;
  const segment = options.segmentSeconds;
  if (segment === undefined) return;
  const ratio = segment / gop;
  if (ratio >= 1 && Math.abs(ratio - Math.round(ratio)) < 1e-6) return;
  throw new OttError(
    'INVALID_LADDER',
    `Segment duration ${segment} s is not a multiple of the GOP (${gop} s): segments could not all start on a keyframe. ` +
      `Use a segment duration of ${gop * Math.max(1, Math.round(ratio))} s or a GOP that divides ${segment} s.`,
    { stage: 'transcode', details: { segmentSeconds: segment, gopSeconds: gop } },
  );
}
