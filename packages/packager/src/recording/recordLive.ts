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
      const recorder = new LiveRecorder(options, (error) => subscriber.error(error));
      const subscription = source.subscribe({
        next(item) {
          if (recorder.take(item)) subscriber.next(item);
        },
        error(error: unknown) {
          recorder.close();
          subscriber.error(error);
        },
        complete() {
          recorder.finish(() => subscriber.complete());
        },
      });
      return () => {
        subscription.unsubscribe();
        recorder.close();
      };
    });
}

/** The state of one {@link recordLive}: which renditions it records, the file being written, its fragment numbers. */
class LiveRecorder {
  readonly #options: RecordLiveOptions;
  readonly #onError: (error: OttError) => void;
  readonly #inits = new Map<string, CmafInit>();
  #video: string | undefined;
  #audio: string | undefined;
  #chosen = false;
  #session = 1;
  #files = 0;
  #recording: Recording | undefined;
  /** Files being ended (flushed and closed); `finish` waits for them. */
  readonly #closing = new Set<Promise<void>>();
  #sequence = 0;
  #failed = false;
  #firstAudio: number | undefined;

  constructor(options: RecordLiveOptions, onError: (error: OttError) => void) {
    this.#options = options;
    this.#onError = onError;
    this.#video = options.video;
    this.#audio = options.audio ?? undefined;
  }

  /** Looks at one pipeline item; false once the recording failed (the item must not be passed on). */
  take(item: PipelineItem): boolean {
    try {
      if (item.type === 'live-session') this.#session = item.session;
      else if (item.type === 'cmaf-init') this.#onInit(item);
      else if (item.type === 'cmaf-fragment') this.#onFragment(item);
      return true;
    } catch (error) {
      this.#fail(error, this.#options.path);
      return false;
    }
  }

  /** Ends the open file, then calls `done` once every file (also those a new decoder set-up closed) is flushed. */
  finish(done: () => void): void {
    const open = this.#recording;
    this.#recording = undefined;
    if (open !== undefined) this.#endFile(open.stream);
    void Promise.all(this.#closing).then(done);
  }

  /** Ends a file; {@link finish} waits for it (a reader of the completed recording sees every byte). */
  #endFile(stream: WriteStream): void {
    const closed = new Promise<void>((resolve) => {
      stream.once('close', resolve);
      stream.end();
    });
    this.#closing.add(closed);
    void closed.then(() => this.#closing.delete(closed));
  }

  close(): void {
    this.#recording?.stream.end();
    this.#recording = undefined;
  }

  #fail(error: unknown, path: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#onError(new OttError('STORAGE_WRITE_FAILED', `Could not write the recording "${path}": ${error instanceof Error ? error.message : String(error)}.`, {
      stage: 'storage',
      cause: error,
      details: { path },
    }));
  }

  #choose(): void {
    this.#chosen = true;
    const known = [...this.#inits.values()];
    this.#video ??= known.filter((i) => i.track.kind === 'video').sort((a, b) => (b.track.height ?? 0) - (a.track.height ?? 0))[0]?.renditionId;
    if (this.#options.audio !== null) this.#audio ??= known.find((i) => i.track.kind === 'audio')?.renditionId;
  }

  #start(): void {
    const tracks = [this.#video, this.#audio].flatMap((id) => (id === undefined ? [] : [this.#inits.get(id)]));
    if (tracks.some((t) => t === undefined)) return; // an init is still missing: wait for the next keyframe
    this.#files++;
    const path = this.#files === 1 ? this.#options.path : withSuffix(this.#options.path, `-${this.#session}`);
    mkdirSync(dirname(path), { recursive: true });
    const stream = createWriteStream(path);
    stream.on('error', (error) => this.#fail(error, path));
    const inputs = (tracks as CmafInit[]).map((t, i) => ({ track: { ...t.track, id: i + 1 }, sampleEntry: t.sampleEntry }));
    stream.write(writeRecordingInit(inputs));
    this.#recording = { stream, entries: new Map((tracks as CmafInit[]).map((t) => [t.renditionId, t.sampleEntry])) };
  }

  #append(fragment: CmafFragment): void {
    const recording = this.#recording;
    if (recording === undefined) return;
    const trackId = fragment.renditionId === this.#video ? 1 : 2;
    const header = writeCmafFragmentHeader({ sequenceNumber: ++this.#sequence, trackId, baseMediaDecodeTime: fragment.baseMediaDecodeTime, samples: fragment.samples });
    const bytes = header.byteLength + fragment.data.byteLength;
    const { flow } = fragment;
    flow?.enqueue(bytes);
    recording.stream.write(header);
    recording.stream.write(fragment.data, () => flow?.done(bytes));
  }

  #onFragment(fragment: CmafFragment): void {
    const init = this.#inits.get(fragment.renditionId);
    if (!this.#chosen && init?.track.kind === 'video') this.#choose();
    else if (!this.#chosen && init !== undefined && this.#options.video === undefined && noVideoYet(this.#inits)) {
      // Audio first: wait a little for a video rendition before recording audio alone.
      const seconds = fragment.baseMediaDecodeTime / init.track.timescale;
      this.#firstAudio ??= seconds;
      if (seconds - this.#firstAudio >= AUDIO_ONLY_AFTER) this.#choose();
    }
    if (!this.#chosen || (fragment.renditionId !== this.#video && fragment.renditionId !== this.#audio)) return;
    if (this.#recording === undefined) {
      const opener = this.#video ?? this.#audio;
      if (fragment.renditionId !== opener || fragment.samples[0]?.isSync !== true) return;
      this.#start();
    }
    this.#append(fragment);
  }

  #onInit(init: CmafInit): void {
    const previous = this.#recording?.entries.get(init.renditionId);
    this.#inits.set(init.renditionId, init);
    if (this.#recording !== undefined && previous !== undefined && !sameBytes(previous, init.sampleEntry)) {
      // A track cannot change its sample entry inside one file: a new file starts at the next keyframe.
      this.#endFile(this.#recording.stream);
      this.#recording = undefined;
    }
  }
}

/** No video init is known: an audio-only ladder (the recording is then audio only). */
function noVideoYet(inits: ReadonlyMap<string, CmafInit>): boolean {
  return ![...inits.values()].some((i) => i.track.kind === 'video');
}

function withSuffix(path: string, suffix: string): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}${suffix}${ext}`;
}
