import { Observable } from 'rxjs';
import { Backpressure, Fmp4Demuxer, OttError, isOttError, locateBinary } from '@ott/core';
import type { Ladder, PipelineItem, SourceInfo } from '@ott/core';
import { buildLadderArgs } from '../ffmpeg/buildLadderArgs.js';
import { createProgressParser } from '../ffmpeg/parseProgress.js';
import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';
import type { FfmpegProcess } from '../ffmpeg/runFfmpeg.js';
import { toCmafInit } from '../cmaf/toCmafInit.js';
import { resolveLadder } from '../ladder/resolveLadder.js';
import type { TranscodeOptions } from '../TranscodeOptions.js';
import { ffmpegFailure } from './ffmpegFailure.js';
import { progressEvent } from './progressEvent.js';

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
      const gop = options.gopSeconds ?? 2;
      if (options.segmentSeconds !== undefined && !isMultiple(options.segmentSeconds, gop)) {
        throw new OttError('INVALID_LADDER', `Segment duration ${options.segmentSeconds} s is not a multiple of the GOP (${gop} s): segments could not all start on a keyframe. Use e.g. segmentSeconds ${gop * 2} or gopSeconds ${options.segmentSeconds / 2}.`, { stage: 'transcode' });
      }
      const resolved = resolveLadder(ladder, source);
      const { args, outputs } = buildLadderArgs(resolved, source, options);
      const ffmpegPath = options.ffmpegPath ?? locateBinary('ffmpeg');
      const renditions = new Map([...resolved.video, ...resolved.audio].map((r) => [r.id, r]));
      const running = runFfmpeg(args, { ffmpegPath, outputCount: outputs.length });
      proc = running;
      options.onSpawn?.({ pid: running.pid, args });
      const flow = new Backpressure(options.highWaterBytes !== undefined ? { highWaterBytes: options.highWaterBytes } : {});
      cleanups.push(flow.onChange((paused) => {
        for (const stream of running.outputs) {
          if (paused) stream.pause();
          else stream.resume();
        }
      }));

      const initSent = new Set<string>();
      const endErrors: unknown[] = [];
      outputs.forEach((output, i) => {
        const stream = running.outputs[i];
        const rendition = renditions.get(output.renditionId);
        if (!stream || !rendition) throw new OttError('INTERNAL', `No pipe for rendition ${output.renditionId}.`, { stage: 'transcode' });
        const demuxer = new Fmp4Demuxer();
        const onData = (chunk: Buffer): void => {
          if (finished) return;
          try {
            for (const item of demuxer.push(chunk)) {
              if (item.type === 'init') {
                if (initSent.has(rendition.id)) throw new OttError('FFMPEG_FAILED', `ffmpeg wrote a second moov for "${rendition.id}".`, { stage: 'transcode' });
                initSent.add(rendition.id);
                subscriber.next(toCmafInit(item, rendition));
              } else {
                if (!initSent.has(rendition.id)) throw new OttError('FFMPEG_FAILED', `ffmpeg wrote a fragment before the moov for "${rendition.id}".`, { stage: 'transcode' });
                const { trackId, baseMediaDecodeTime, samples, data } = item;
                subscriber.next({ type: 'cmaf-fragment', renditionId: rendition.id, trackId, baseMediaDecodeTime, samples, data, flow });
              }
              if (finished) return; // the subscriber unsubscribed or failed while handling the item
            }
          } catch (error) {
            fail(isOttError(error) && error.stage === 'transcode' ? error : parseFailure(rendition.id, error));
          }
        };
        const onEnd = (): void => {
          try {
            demuxer.end();
          } catch (error) {
            endErrors.push(parseFailure(rendition.id, error));
          }
        };
        const onError = (error: Error): void => fail(parseFailure(rendition.id, error));
        stream.on('data', onData).on('end', onEnd).on('error', onError);
        cleanups.push(() => stream.off('data', onData).off('end', onEnd).off('error', onError));
      });

      const parseProgress = createProgressParser();
      let lastProgress = 0;
      running.progress.setEncoding('utf8');
      const onProgress = (text: string): void => {
        for (const block of parseProgress(text)) {
          const now = Date.now();
          if (block.end || now - lastProgress < PROGRESS_INTERVAL_MS || finished) continue;
          lastProgress = now;
          subscriber.next(progressEvent(block, source.durationSeconds));
        }
      };
      running.progress.on('data', onProgress);
      cleanups.push(() => running.progress.off('data', onProgress));

      if (options.signal) {
        const signal = options.signal;
        const onAbort = (): void => fail(signal.reason);
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }

      void running.exited.then((exit) => {
        if (finished) return;
        if (exit.spawnError || exit.code !== 0) return fail(ffmpegFailure(exit, running.stderrTail(), ffmpegPath, source.url));
        if (endErrors.length > 0) return fail(endErrors[0]);
        const missing = outputs.filter((o) => !initSent.has(o.renditionId)).map((o) => o.renditionId);
        if (missing.length > 0) {
          return fail(new OttError('FFMPEG_FAILED', `ffmpeg exited normally but wrote nothing for ${missing.join(', ')}. Check that the input has decodable ${missing.some((m) => renditions.get(m)?.kind === 'audio') ? 'audio' : 'video'}.`, {
            stage: 'transcode',
            details: { missing, stderr: running.stderrTail().slice(-10) },
          }));
        }
        subscriber.next(progressEvent({ end: true, outTimeSeconds: source.durationSeconds }, source.durationSeconds));
        cleanup();
        subscriber.complete();
      });
    } catch (error) {
      fail(error);
    }
    return cleanup;
  });
}

function parseFailure(renditionId: string, error: unknown): OttError {
  const message = error instanceof Error ? error.message : String(error);
  return new OttError('FFMPEG_FAILED', `The fragmented MP4 ffmpeg wrote for "${renditionId}" could not be read: ${message}`, {
    stage: 'transcode',
    cause: error,
    details: { renditionId },
  });
}

function isMultiple(value: number, step: number): boolean {
  const ratio = value / step;
  return ratio >= 1 && Math.abs(ratio - Math.round(ratio)) < 1e-6;
}
