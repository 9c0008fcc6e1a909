import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { dirname, extname } from 'node:path';
import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { OttError, writeCmafFragmentHeader } from '@ott/core';
import type { CmafFragment, CmafInit, PipelineItem } from '@ott/core';
import { sameBytes } from '../live/sameBytes.js';
import { writeRecordingInit } from './writeRecordingInit.js';

/** Options of {@link recordLive}. */
export interface RecordLiveOptions {
  /**
   * The MP4 file to write (replaced if it exists). When a later publisher session brings a different decoder set-up,
   * the recording goes on in `<name>-<session>.mp4`.
   */
  readonly path: string;
  /** Video rendition to record (default: the tallest one known when the first video fragment comes). */
  readonly video?: string;
  /** Audio rendition to record (default: the first one; `null`: none). */
  readonly audio?: string | null;
}

/** Seconds of audio without any video init after which the recording is audio only. */
const AUDIO_ONLY_AFTER = 2;

interface Recording {
  readonly stream: WriteStream;
  readonly entries: ReadonlyMap<string, Uint8Array>;
}

/**
 * Records a live stream to one fragmented MP4 file with a video and an audio track (the top rendition of the ladder
 * and the audio): the `cmaf-fragment` items of those renditions are appended as `moof` + `mdat` as they come, so the
 * file is playable at any moment and complete when the stream ends. Place it before `packageLive()` (which consumes
 * the fragments); every item passes through. The recording starts at the first video keyframe. Written bytes are
 * reported to the producer's `flow`, so a slow disk pauses the transcoder like the folder sink does.
 *
 * @example
 * ```ts
 * declare const live: LiveStream, ladder: Ladder, dir: string;
 * live.items.pipe(transcodeLive(ladder), recordLive({ path: 'out/recording.mp4' }), packageLive(), toFolder(dir, { live: true }))
 * ```
 */
export function recordLive(options: RecordLiveOptions): OperatorFunction<PipelineItem, PipelineItem> {
  return (source) =>
    new Observable<PipelineItem>((subscriber) => {
      const inits = new Map<string, CmafInit>();
      let video = options.video;
      let audio = options.audio ?? undefined;
      let chosen = false;
      let session = 1;
      let files = 0;
      let recording: Recording | undefined;
      let sequence = 0;
      let failed = false;
      let firstAudio: number | undefined;

      const fail = (error: unknown, path: string): void => {
        if (failed) return;
        failed = true;
        subscriber.error(
          new OttError('STORAGE_WRITE_FAILED', `Could not write the recording "${path}": ${error instanceof Error ? error.message : String(error)}.`, {
            stage: 'storage',
            cause: error,
            details: { path },
          }),
        );
      };
      const choose = (): void => {
        chosen = true;
        const known = [...inits.values()];
        video ??= known.filter((i) => i.track.kind === 'video').sort((a, b) => (b.track.height ?? 0) - (a.track.height ?? 0))[0]?.renditionId;
        if (options.audio !== null) audio ??= known.find((i) => i.track.kind === 'audio')?.renditionId;
      };
      const start = (): void => {
        const tracks = [video, audio].flatMap((id) => (id === undefined ? [] : [inits.get(id)]));
        if (tracks.some((t) => t === undefined)) return; // an init is still missing: wait for the next keyframe
        files++;
        const path = files === 1 ? options.path : withSuffix(options.path, `-${session}`);
        mkdirSync(dirname(path), { recursive: true });
        const stream = createWriteStream(path);
        stream.on('error', (error) => fail(error, path));
        const inputs = (tracks as CmafInit[]).map((t, i) => ({ track: { ...t.track, id: i + 1 }, sampleEntry: t.sampleEntry }));
        stream.write(writeRecordingInit(inputs));
        recording = { stream, entries: new Map((tracks as CmafInit[]).map((t) => [t.renditionId, t.sampleEntry])) };
      };
      const append = (fragment: CmafFragment): void => {
        if (recording === undefined) return;
        const trackId = fragment.renditionId === video ? 1 : 2;
        const header = writeCmafFragmentHeader({ sequenceNumber: ++sequence, trackId, baseMediaDecodeTime: fragment.baseMediaDecodeTime, samples: fragment.samples });
        const bytes = header.byteLength + fragment.data.byteLength;
        const { flow } = fragment;
        flow?.enqueue(bytes);
        recording.stream.write(header);
        recording.stream.write(fragment.data, () => flow?.done(bytes));
      };
      const onFragment = (fragment: CmafFragment): void => {
        const init = inits.get(fragment.renditionId);
        if (!chosen && init?.track.kind === 'video') choose();
        else if (!chosen && init !== undefined && options.video === undefined && noVideoYet(inits)) {
          // Audio first: wait a little for a video rendition before recording audio alone.
          const seconds = fragment.baseMediaDecodeTime / init.track.timescale;
          firstAudio ??= seconds;
          if (seconds - firstAudio >= AUDIO_ONLY_AFTER) choose();
        }
        if (!chosen || (fragment.renditionId !== video && fragment.renditionId !== audio)) return;
        if (recording === undefined) {
          const opener = video ?? audio;
          if (fragment.renditionId !== opener || fragment.samples[0]?.isSync !== true) return;
          start();
        }
        append(fragment);
      };
      const onInit = (init: CmafInit): void => {
        const previous = recording?.entries.get(init.renditionId);
        inits.set(init.renditionId, init);
        if (recording !== undefined && previous !== undefined && !sameBytes(previous, init.sampleEntry)) {
          // A track cannot change its sample entry inside one file: a new file starts at the next keyframe.
          recording.stream.end();
          recording = undefined;
        }
      };
      const subscription = source.subscribe({
        next(item) {
          try {
            if (item.type === 'live-session') session = item.session;
            else if (item.type === 'cmaf-init') onInit(item);
            else if (item.type === 'cmaf-fragment') onFragment(item);
          } catch (error) {
            fail(error, options.path);
            return;
          }
          subscriber.next(item);
        },
        error(error: unknown) {
          recording?.stream.end();
          recording = undefined;
          subscriber.error(error);
        },
        complete() {
          const open = recording;
          recording = undefined;
          if (open === undefined) subscriber.complete();
          else open.stream.end(() => subscriber.complete());
        },
      });
      return () => {
        subscription.unsubscribe();
        recording?.stream.end();
        recording = undefined;
      };
    });
}

/** No video init is known: an audio-only ladder (the recording is then audio only). */
function noVideoYet(inits: ReadonlyMap<string, CmafInit>): boolean {
  return ![...inits.values()].some((i) => i.track.kind === 'video');
}

function withSuffix(path: string, suffix: string): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}${suffix}${ext}`;
}
