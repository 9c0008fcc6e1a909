import { Observable } from 'rxjs';
import { OttError, locateBinary } from '@ott/core';
import type { CmafFragment, CmafInit, Ladder, LiveInput, PipelineItem, WarningCode } from '@ott/core';
import { buildLiveLadderArgs } from '../ffmpeg/buildLiveLadderArgs.js';
import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';
import type { FfmpegProcess } from '../ffmpeg/runFfmpeg.js';
import { readRenditionPipe } from '../job/readRenditionPipe.js';
import type { LiveTranscodeOptions } from './LiveTranscodeOptions.js';
import type { LiveTimeline } from './LiveTimeline.js';
import type { ResolvedLadder } from '../ladder/ResolvedLadder.js';
import { resolveLiveLadder } from './resolveLiveLadder.js';
import { pauseOnBackpressure } from '../job/pauseOnBackpressure.js';

/**
 * One publisher session through one ffmpeg: the session's bytes go to ffmpeg's stdin, each rendition comes back on
 * its own pipe and is re-timed onto the stream's continuous timeline. Emits a `live-session` item before the first
 * init, then CmafInit/CmafFragment items. The session ends when the publisher's bytes end and ffmpeg has flushed: it
 * completes normally even when ffmpeg exits with an error (a dropped publisher cuts the input mid-packet), reporting
 * that as a `warning`; only a missing ffmpeg binary is an error.
 */
export function runLiveSession(input: LiveInput, ladder: Ladder, timeline: LiveTimeline, options: LiveTranscodeOptions): Observable<PipelineItem> {
  return new Observable<PipelineItem>((subscriber) => {
    let proc: FfmpegProcess | undefined;
    let finished = false;
    const cleanups: (() => void)[] = [];
    const cleanup = (): void => {
      finished = true;
      for (const fn of cleanups.splice(0)) fn();
      proc?.kill();
    };
    const warn = (code: WarningCode, message: string): void => subscriber.next({ type: 'warning', stage: 'transcode', code, message });
    try {
      const resolved = resolveLiveLadder(ladder, input, options.frameRate);
      const { args, outputs } = liveArgs(resolved, input, options);
      const ffmpegPath = options.ffmpegPath ?? locateBinary('ffmpeg');
      let firstByteAt: number | undefined;
      input.data.once('data', () => (firstByteAt = Date.now()));
      const running = runFfmpeg(args, { ffmpegPath, outputCount: outputs.length, stdin: input.data });
      proc = running;
      options.onSpawn?.({ pid: running.pid, args, streamKey: input.streamKey, session: input.session });
      running.progress.resume(); // -progress is read only to keep the pipe from filling

      const { flow, detach } = pauseOnBackpressure(running.outputs, options.highWaterBytes);
      cleanups.push(detach);
      const session = timeline.startSession();
      let announced = false;
      const announce = (): void => {
        if (announced) return;
        announced = true;
        subscriber.next({
          type: 'live-session',
          streamKey: input.streamKey,
          session: session.index,
          discontinuity: session.index > 1,
          wallClock: firstByteAt ?? input.startedAt,
          mediaTimeSeconds: session.startSeconds,
        });
      };
      const sink = {
        next: (item: CmafInit | CmafFragment) => {
          announce();
          subscriber.next(item.type === 'cmaf-init' ? session.init(item) : session.retime(item));
        },
        fail: (error: unknown) => {
          if (finished) return;
          warn('LIVE_SESSION_FAILED', `Session ${input.session} of "${input.streamKey}": ${error instanceof Error ? error.message : String(error)}`);
          cleanup();
          subscriber.complete();
        },
        isFinished: () => finished,
      };
      const renditions = new Map([...resolved.video, ...resolved.audio].map((r) => [r.id, r]));
      outputs.forEach((output, i) => {
        const stream = running.outputs[i];
        const rendition = renditions.get(output.renditionId);
        if (!stream || !rendition) throw new OttError('INTERNAL', `No pipe for rendition ${output.renditionId}.`, { stage: 'transcode' });
        cleanups.push(readRenditionPipe(stream, rendition, flow, sink).detach);
      });
      void running.exited.then((exit) => {
        if (finished) return;
        if (exit.spawnError) {
          cleanup();
          return subscriber.error(notFound(ffmpegPath, exit.spawnError));
        }
        if (exit.code !== 0 && !exit.killed) {
          const tail = running.stderrTail().slice(-3).join(' | ');
          warn('LIVE_SESSION_ENDED_WITH_ERROR', `ffmpeg ended session ${input.session} of "${input.streamKey}" with code ${String(exit.code)}${tail ? `: ${tail}` : ''}`);
        }
        if (announced) subscriber.next({ type: 'live-session-end', streamKey: input.streamKey, session: session.index });
        cleanup();
        subscriber.complete();
      });
    } catch (error) {
      cleanup();
      subscriber.error(error);
    }
    return cleanup;
  });
}

/** The live ladder's ffmpeg command line for one publisher session. */
function liveArgs(resolved: ResolvedLadder, input: LiveInput, options: LiveTranscodeOptions): ReturnType<typeof buildLiveLadderArgs> {
  const gopSeconds = options.segmentSeconds ?? 2;
  return buildLiveLadderArgs(resolved, {
    format: input.format,
    ...(input.inputArgs ? { inputArgs: input.inputArgs } : {}),
    gopSeconds,
    fragmentSeconds: options.partSeconds ?? gopSeconds,
    ...(options.preset ? { preset: options.preset } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    frameRate: resolved.video[0]?.frameRate ?? 30,
  });
}

function notFound(ffmpegPath: string, cause: Error): OttError {
  return new OttError('FFMPEG_NOT_FOUND', `ffmpeg could not be started (${ffmpegPath}): ${cause.message}. Install ffmpeg or set FFMPEG_PATH.`, { stage: 'transcode', cause });
}
