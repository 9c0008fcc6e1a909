import { PlayerError } from '../errors/PlayerError.js';
import type { Presentation } from '../manifest/Presentation.js';
import { openMediaSource } from '../mse/openMediaSource.js';
import { setLiveWindow } from '../mse/setLiveWindow.js';
import { SourceBufferQueue } from '../mse/SourceBufferQueue.js';

/** What {@link SessionMedia.endWhenDone} and {@link SessionMedia.release} need of a stream loop. */
interface Fed {
  readonly ended: boolean;
  readonly queue: SourceBufferQueue;
}

/**
 * The MediaSource of one session: opened on the element with the presentation's duration, one SourceBuffer per
 * stream (refused with `MSE_UNSUPPORTED` when the browser cannot play the codec), the live seekable window,
 * `endOfStream()` once every stream ran out, and the release on destroy (SourceBuffers removed, element detached).
 */
export class SessionMedia {
  private mediaSource: MediaSource | undefined;

  constructor(private readonly video: HTMLVideoElement) {}

  /** Throws `MSE_UNSUPPORTED` when the browser has no MediaSource Extensions. */
  static assertSupported(): void {
    if (typeof MediaSource === 'undefined') {
      throw new PlayerError('MSE_UNSUPPORTED', 'This browser has no MediaSource Extensions; @ott/player needs MSE (or ManagedMediaSource).', { stage: 'mse' });
    }
  }

  /** Attaches a new MediaSource to the element; VOD gets its duration, live an infinite one. */
  async open(presentation: Presentation): Promise<void> {
    const mediaSource = await openMediaSource(this.video);
    this.mediaSource = mediaSource;
    if (mediaSource.readyState !== 'open') return; // destroyed while opening
    if (!presentation.live && presentation.duration > 0) mediaSource.duration = presentation.duration;
    if (presentation.live) mediaSource.duration = Infinity;
  }

  /** A SourceBuffer for `mime` behind a queue. */
  addBuffer(mime: string): SourceBufferQueue {
    if (!MediaSource.isTypeSupported(mime)) {
      throw new PlayerError('MSE_UNSUPPORTED', `This browser's MSE does not support ${mime}. Provide a rendition in a supported codec (H.264/AAC plays everywhere).`, { stage: 'mse', details: { mime } });
    }
    const mediaSource = this.mediaSource;
    if (!mediaSource) throw new PlayerError('MSE_APPEND_FAILED', 'The MediaSource is not open.', { stage: 'mse' });
    return new SourceBufferQueue(mediaSource.addSourceBuffer(mime), mime);
  }

  /** Live: the listed window `[start, end]` is seekable; undefined clears it (the stream ended). */
  setWindow(window: { start: number; end: number } | undefined): void {
    setLiveWindow(this.mediaSource, window);
  }

  /** Calls `endOfStream()` once every loop ran out of segments and no append is pending. */
  endWhenDone(loops: readonly Fed[]): void {
    const ms = this.mediaSource;
    if (!ms || ms.readyState !== 'open' || !loops.every((l) => l.ended)) return;
    void Promise.all(loops.map((l) => l.queue.change(() => undefined))).then(() => {
      if (ms.readyState === 'open' && loops.every((l) => l.ended) && loops.every((l) => !l.queue.buffer.updating)) {
        try {
          ms.endOfStream();
        } catch {
          // a loop started appending again (seek back): the next end will close the stream
        }
      }
    });
  }

  /** Removes every SourceBuffer and detaches the MediaSource from the element. */
  release(loops: readonly Fed[]): void {
    const ms = this.mediaSource;
    for (const loop of loops) {
      loop.queue.dispose();
      try {
        if (ms?.readyState === 'open') loop.queue.buffer.abort();
        ms?.removeSourceBuffer(loop.queue.buffer);
      } catch {
        // already detached
      }
    }
    this.mediaSource = undefined;
    this.video.removeAttribute('src');
    this.video.load();
  }
}
