import type { Presentation, Track } from '../manifest/Presentation.js';
import { LiveClock } from './LiveClock.js';
import type { SessionMedia } from './SessionMedia.js';

/**
 * The live state of a session for the tracks playing now (`playing`: video, audio): distance to the edge and latency
 * of the frame on screen ({@link LiveClock}), the start position, the seekable window and the live → VOD transition.
 */
export class LiveView {
  private readonly clock: LiveClock;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly presentation: Presentation,
    private readonly media: SessionMedia,
    private readonly playing: () => readonly [Track | undefined, Track | undefined],
  ) {
    this.clock = new LiveClock(presentation);
  }

  /** Seconds between the live edge and the playhead (undefined when not live). */
  distance(): number | undefined {
    return this.presentation.live ? this.clock.distance(this.track(), this.video.currentTime) : undefined;
  }

  /** Wall-clock latency of the frame on screen, seconds (undefined when not live). */
  latency(): number | undefined {
    return this.presentation.live ? this.clock.latency(this.track(), this.video.currentTime) : undefined;
  }

  /** Wall clock in ms on the server's clock (DASH `UTCTiming`). */
  now(): number {
    return this.clock.now();
  }

  /** Where live playback starts: `distance` behind the edge, not before the first listed segment. */
  startPosition(distance: number): number {
    const track = this.track();
    return Math.max(track?.segments?.[0]?.start ?? 0, (this.clock.edge(track) ?? 0) - distance);
  }

  /** Live: the listed window is seekable (see `setLiveWindow`); cleared once the stream ended. */
  updateSeekable(): void {
    const track = this.track();
    const first = track?.segments?.[0];
    const edge = this.clock.edge(track);
    if (first && edge !== undefined) this.media.setWindow(this.presentation.live ? { start: first.start, end: edge } : undefined);
  }

  /**
   * The live stream ended: it becomes VOD (HLS: its duration is the end of the final lists), the playback rate goes
   * back to 1 and the seekable window is cleared. False when it had already ended.
   */
  end(): boolean {
    const p = this.presentation;
    if (p.liveEnded) return false;
    p.live = false;
    p.liveEnded = true;
    if (p.format === 'hls') {
      const ends = this.playing().map((t) => t?.segments?.filter((s) => !s.partial).pop()).map((s) => (s ? s.start + s.duration : 0));
      p.duration = Math.max(0, ...ends);
    }
    this.video.playbackRate = 1;
    this.updateSeekable();
    return true;
  }

  private track(): Track | undefined {
    const [video, audio] = this.playing();
    return video ?? audio;
  }
}
