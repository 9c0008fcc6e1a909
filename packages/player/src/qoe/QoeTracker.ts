/** Quality-of-experience numbers of a session, as returned by `getQoe()` and the `qoe` event. */
export interface Qoe {
  /** Bandwidth (bits/s) of the video level on screen now. */
  readonly bitrate: number;
  /** Live: wall-clock latency of the frame on screen, seconds (`player.liveLatency`); 0 for VOD. */
  readonly latency: number;
  /** Number of stalls (rebuffering events after startup). */
  readonly stalls: number;
  /** Total stalled time in ms. */
  readonly stallMs: number;
  /** From `load()` to the first frame playing, ms (-1 before). */
  readonly startupMs: number;
  /** Number of video level switches (on screen). */
  readonly switches: number;
  /** Time-weighted average video bitrate over played time (bits/s). */
  readonly averageBitrate: number;
  /** Stalled time / (played + stalled time). */
  readonly rebufferRatio: number;
  readonly droppedFrames: number;
  readonly totalFrames: number;
  /** Seconds of media buffered ahead of the playhead. */
  readonly bufferSeconds: number;
  /** Current bandwidth estimate (bits/s). */
  readonly throughputBps: number;
  /** Seconds actually played. */
  readonly playedSeconds: number;
  readonly playbackRate: number;
  /** Index of the level on screen (-1 before). */
  readonly level: number;
}

/**
 * Accumulates QoE from the media element's clock: startup, stalls, switches and time-weighted bitrate.
 * Times come from `performance.now()` so they do not depend on timer cadence.
 */
export class QoeTracker {
  private loadAt = performance.now();
  private startupMs = -1;
  private stalls = 0;
  private stallMs = 0;
  private stallStart = -1;
  private switches = 0;
  private bitrate = 0;
  private level = -1;
  private bitSeconds = 0;
  private playedSeconds = 0;
  private lastTick = -1;

  reset(): void {
    Object.assign(this, new QoeTracker());
  }

  /** First frame rendered. */
  started(): void {
    if (this.startupMs < 0) this.startupMs = performance.now() - this.loadAt;
  }

  get hasStarted(): boolean {
    return this.startupMs >= 0;
  }

  stallStarted(): void {
    if (this.stallStart >= 0 || this.startupMs < 0) return;
    this.stallStart = performance.now();
    this.stalls += 1;
  }

  /** Returns the stall duration (ms) when one ended, else undefined. */
  stallEnded(): number | undefined {
    if (this.stallStart < 0) return undefined;
    const ms = performance.now() - this.stallStart;
    this.stallMs += ms;
    this.stallStart = -1;
    return ms;
  }

  get stalled(): boolean {
    return this.stallStart >= 0;
  }

  levelShown(level: number, bandwidth: number): void {
    if (level === this.level) return;
    if (this.level >= 0) this.switches += 1;
    this.level = level;
    this.bitrate = bandwidth;
  }

  /** Adds played time since the last tick at the current bitrate; call while playing. */
  tick(playing: boolean): void {
    const now = performance.now();
    if (playing && this.lastTick >= 0) {
      const seconds = (now - this.lastTick) / 1000;
      this.playedSeconds += seconds;
      this.bitSeconds += seconds * this.bitrate;
    }
    this.lastTick = playing ? now : -1;
  }

  snapshot(extra: { latency: number; bufferSeconds: number; throughputBps: number; video: HTMLVideoElement }): Qoe {
    const quality = extra.video.getVideoPlaybackQuality?.();
    const stallMs = this.stallMs + (this.stallStart >= 0 ? performance.now() - this.stallStart : 0);
    const session = this.playedSeconds * 1000 + stallMs;
    return {
      bitrate: this.bitrate,
      latency: extra.latency,
      stalls: this.stalls,
      stallMs,
      startupMs: this.startupMs,
      switches: this.switches,
      averageBitrate: this.playedSeconds > 0 ? this.bitSeconds / this.playedSeconds : this.bitrate,
      rebufferRatio: session > 0 ? stallMs / session : 0,
      droppedFrames: quality?.droppedVideoFrames ?? 0,
      totalFrames: quality?.totalVideoFrames ?? 0,
      bufferSeconds: extra.bufferSeconds,
      throughputBps: extra.throughputBps,
      playedSeconds: this.playedSeconds,
      playbackRate: extra.video.playbackRate,
      level: this.level,
    };
  }
}
