import type { Readable } from 'node:stream';
import { Fmp4Demuxer, OttError, isOttError } from '@ott/core';
import type { Backpressure, CmafFragment, CmafInit } from '@ott/core';
import { toCmafInit } from '../cmaf/toCmafInit.js';
import type { ResolvedAudioRendition, ResolvedVideoRendition } from '../ladder/ResolvedLadder.js';

/** Where {@link readRenditionPipe} sends what it reads. */
export interface RenditionPipeSink {
  next(item: CmafInit | CmafFragment): void;
  fail(error: unknown): void;
  /** `true` once the job is over (unsubscribed or failed): stop emitting at once. */
  isFinished(): boolean;
}

/** State of one rendition's pipe. */
export interface RenditionPipe {
  /** The `moov` was received and its CmafInit emitted. */
  hasInit(): boolean;
  /** Set when the pipe ended inside a box (ffmpeg died mid-write); reported only if ffmpeg itself exited 0. */
  endError(): OttError | undefined;
  detach(): void;
}

/**
 * Demuxes the fragmented MP4 ffmpeg writes for one rendition into one CmafInit and then CmafFragments carrying
 * `flow`. Reads in flowing mode; the caller pauses the stream while `flow` is paused.
 */
export function readRenditionPipe(
  stream: Readable,
  rendition: ResolvedVideoRendition | ResolvedAudioRendition,
  flow: Backpressure,
  sink: RenditionPipeSink,
): RenditionPipe {
  const demuxer = new Fmp4Demuxer();
  let initSent = false;
  let endError: OttError | undefined;
  const onData = (chunk: Buffer): void => {
    if (sink.isFinished()) return;
    try {
      for (const item of demuxer.push(chunk)) {
        if (item.type === 'init') {
          if (initSent) throw new OttError('FFMPEG_FAILED', `ffmpeg wrote a second moov for "${rendition.id}".`, { stage: 'transcode' });
          initSent = true;
          sink.next(toCmafInit(item, rendition));
        } else {
          if (!initSent) throw new OttError('FFMPEG_FAILED', `ffmpeg wrote a fragment before the moov for "${rendition.id}".`, { stage: 'transcode' });
          const { trackId, baseMediaDecodeTime, samples, data } = item;
          sink.next({ type: 'cmaf-fragment', renditionId: rendition.id, trackId, baseMediaDecodeTime, samples, data, flow });
        }
        if (sink.isFinished()) return; // the subscriber unsubscribed or failed while handling the item
      }
    } catch (error) {
      sink.fail(isOttError(error) && error.stage === 'transcode' ? error : parseFailure(rendition.id, error));
    }
  };
  const onEnd = (): void => {
    try {
      demuxer.end();
    } catch (error) {
      endError = parseFailure(rendition.id, error);
    }
  };
  const onError = (error: Error): void => sink.fail(parseFailure(rendition.id, error));
  stream.on('data', onData).on('end', onEnd).on('error', onError);
  return {
    hasInit: () => initSent,
    endError: () => endError,
    detach: () => {
      stream.off('data', onData).off('end', onEnd).off('error', onError);
    },
  };
}

function parseFailure(renditionId: string, error: unknown): OttError {
  const message = error instanceof Error ? error.message : String(error);
  return new OttError('FFMPEG_FAILED', `The fragmented MP4 ffmpeg wrote for "${renditionId}" could not be read: ${message}`, {
    stage: 'transcode',
    cause: error,
    details: { renditionId },
  });
}
