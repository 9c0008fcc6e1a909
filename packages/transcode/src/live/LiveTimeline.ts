import type { CmafFragment, CmafInit } from '@ott/core';

/** One publisher session's view of the {@link LiveTimeline}. */
export interface LiveTimelineSession {
  /** 1-based session number within the stream (as the transcoder saw them). */
  readonly index: number;
  /** Where the session starts on the continuous timeline, in seconds. */
  readonly startSeconds: number;
  /** Records a rendition's timescale; returns the init unchanged. */
  init(init: CmafInit): CmafInit;
  /** The fragment moved onto the continuous timeline. */
  retime(fragment: CmafFragment): CmafFragment;
}

/**
 * Keeps one continuous media timeline across the publisher sessions of a live stream. Every ffmpeg run starts its
 * timestamps near zero; session N is shifted so it starts where session N − 1's longest rendition ended. The shift is
 * the same number of seconds for every rendition (taken from the first fragment the session produced), so audio and
 * video keep the sync ffmpeg gave them.
 */
export class LiveTimeline {
  private readonly ends = new Map<string, number>(); // renditionId → end in seconds
  private readonly timescales = new Map<string, number>();
  private sessions = 0;

  /** Starts the next session at the end of the timeline so far. */
  startSession(): LiveTimelineSession {
    this.sessions += 1;
    const index = this.sessions;
    const startSeconds = Math.max(0, ...this.ends.values());
    let shiftSeconds: number | undefined;
    return {
      index,
      startSeconds,
      init: (init) => {
        this.timescales.set(init.renditionId, init.track.timescale);
        return init;
      },
      retime: (fragment) => {
        const timescale = this.timescales.get(fragment.renditionId) ?? 90_000;
        if (shiftSeconds === undefined) shiftSeconds = index === 1 ? 0 : startSeconds - fragment.baseMediaDecodeTime / timescale;
        const shifted = Math.max(0, fragment.baseMediaDecodeTime + Math.round(shiftSeconds * timescale));
        const duration = fragment.samples.reduce((sum, s) => sum + s.duration, 0);
        const end = (shifted + duration) / timescale;
        if (end > (this.ends.get(fragment.renditionId) ?? 0)) this.ends.set(fragment.renditionId, end);
        return shifted === fragment.baseMediaDecodeTime ? fragment : { ...fragment, baseMediaDecodeTime: shifted };
      },
    };
  }
}
