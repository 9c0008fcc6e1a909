import type { Emitter } from '../events/Emitter.js';
import type { QoeTracker } from '../qoe/QoeTracker.js';
import type { LivePayload, PlayerEventMap } from '../types.js';
import { bufferedAhead } from './findSegment.js';
import { catchUpRate, gapJumpTarget } from './monitor.js';
import type { PlayerSession } from './PlayerSession.js';

/** What the playback watcher reads from the player. */
export interface Watched {
  readonly session: () => PlayerSession | undefined;
  readonly qoe: QoeTracker;
  readonly emitter: Emitter<PlayerEventMap>;
  readonly latency: () => number;
  /** Emits a `live` event. */
  readonly live: (reason: LivePayload['reason']) => void;
}

/**
 * Live latency control: farther than `maxLatency` from the edge → the position to seek to (the target distance);
 * otherwise steers the playback rate toward the target. A viewer who seeked back into the DVR window is left there
 * at rate 1 until they come back within `maxLatency` of the edge.
 */
function steerLatency(video: HTMLVideoElement, session: PlayerSession, bufferSeconds: number, viewerBehind: boolean): number | undefined {
  const distance = session.live.distance();
  if (distance === undefined || video.seeking) return undefined;
  const target = session.targets.target();
  const far = distance > session.targets.max();
  if (far && !viewerBehind) return video.currentTime + distance - target;
  const { min, max } = session.targets.rates();
  const rate = far ? 1 : catchUpRate(distance, target, min, max, bufferSeconds);
  if (Math.abs(video.playbackRate - rate) > 1e-3) video.playbackRate = rate;
  return undefined;
}

/**
 * Watches the media element for a session: wakes the loads on media events and every 250 ms, detects startup and
 * stalls, jumps buffer gaps, re-targets loads after seeks, steers live latency with the playback rate, tracks the
 * level on screen and emits `playing`, `stall`, `levelSwitch` and (once a second) `qoe`. Returns the teardown.
 */
export function watchPlayback(video: HTMLVideoElement, watched: Watched): () => void {
  const watcher = new PlaybackWatcher(video, watched);
  return () => watcher.stop();
}

/** The state and handlers of {@link watchPlayback} (hls.js: the gap, latency and stall parts of its controllers). */
class PlaybackWatcher {
  private lastTime = -1;
  private stuckTicks = 0;
  private ticks = 0;
  /** Seeks the player makes itself (gap jumps, back to the live edge), told apart from the viewer's. */
  private ownSeek = false;
  private viewerBehind = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly listeners: readonly [string, () => void][];

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly watched: Watched,
  ) {
    const wake = (): void => watched.session()?.wake();
    const tick = (): void => this.onTick();
    this.listeners = [
      ['seeking', () => this.onSeeking()],
      ['playing', tick],
      ['waiting', tick],
      ['timeupdate', wake],
      ['progress', wake],
      ['ended', () => this.onEnded()],
    ];
    for (const [name, listener] of this.listeners) video.addEventListener(name, listener);
    this.timer = setInterval(tick, 250);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const [name, listener] of this.listeners) this.video.removeEventListener(name, listener);
  }

  private seekTo(time: number): void {
    this.ownSeek = true;
    this.video.currentTime = time;
  }

  private ranges(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.video.buffered.length; i++) out.push([this.video.buffered.start(i), this.video.buffered.end(i)]);
    return out;
  }

  private onSeeking(): void {
    const session = this.watched.session();
    if (!session) return;
    const t = this.video.currentTime;
    if (!this.ownSeek && this.watched.qoe.hasStarted && session.presentation.live) this.viewerBehind = true;
    this.ownSeek = false;
    for (const loop of session.loops) {
      const inside = loop.queue.ranges().some(([s, e]) => t >= s - 0.1 && t < e);
      if (!inside) loop.reset();
      else loop.ended = false;
    }
    session.wake();
  }

  private startupMs(): number {
    return this.watched.qoe.snapshot({ latency: 0, bufferSeconds: 0, throughputBps: 0, video: this.video }).startupMs;
  }

  private onPlaying(): void {
    const { qoe, emitter } = this.watched;
    if (!qoe.hasStarted) {
      qoe.started();
      emitter.emit('playing', { startupMs: this.startupMs() });
    }
  }

  private onWaiting(): void {
    const { qoe, emitter } = this.watched;
    if (this.video.seeking || !qoe.hasStarted || qoe.stalled) return;
    qoe.stallStarted();
    emitter.emit('stall', { currentTime: this.video.currentTime, bufferSeconds: bufferedAhead(this.ranges(), this.video.currentTime) });
  }

  private onTick(): void {
    const session = this.watched.session();
    session?.wake();
    const t = this.video.currentTime;
    const advancing = t !== this.lastTime && !this.video.paused;
    this.lastTime = t;
    if (advancing && this.video.readyState >= 3) this.onPlaying();
    this.watched.qoe.tick(advancing);
    this.trackStalls(advancing, t, session !== undefined);
    if (session) {
      this.trackLevel(session, t);
      this.controlLatency(session, t);
    }
    this.ticks += 1;
    if (this.ticks % 4 === 0 && session) {
      this.watched.emitter.emit('qoe', this.watched.qoe.snapshot({ latency: this.watched.latency(), bufferSeconds: bufferedAhead(this.ranges(), t), throughputBps: session.estimator.estimate, video: this.video }));
      if (session.presentation.live) this.watched.live('update');
    }
  }

  /** Stall start and end, and buffer gaps jumped over (hls.js' gap controller). */
  private trackStalls(advancing: boolean, t: number, hasSession: boolean): void {
    const video = this.video;
    if (advancing) {
      this.stuckTicks = 0;
      const stallMs = this.watched.qoe.stallEnded();
      if (stallMs !== undefined) this.watched.emitter.emit('playing', { startupMs: this.startupMs(), stallMs });
    } else if (!video.paused && !video.ended && !video.seeking && hasSession) {
      this.stuckTicks += 1;
      if (this.stuckTicks >= 2) this.onWaiting();
      const jump = gapJumpTarget(video.buffered, t);
      if (jump !== undefined && this.stuckTicks >= 1) this.seekTo(jump);
    }
  }

  /** The level on screen (from what was appended where), and `levelSwitch` when it changes. */
  private trackLevel(session: PlayerSession, t: number): void {
    const { qoe, emitter } = this.watched;
    const appended = session.loops.find((l) => l.kind === 'video')?.appended ?? [];
    const shown = [...appended].reverse().find(([s, e]) => t >= s - 0.05 && t < e);
    if (!shown) return;
    const level = shown[2];
    const previous = qoe.snapshot({ latency: 0, bufferSeconds: 0, throughputBps: 0, video: this.video }).level;
    const bandwidth = session.presentation.levels[level]?.bandwidth ?? 0;
    if (level === previous) return;
    qoe.levelShown(level, bandwidth);
    if (previous >= 0) emitter.emit('levelSwitch', { from: previous, to: level, bitrate: bandwidth, auto: session.abr.pinned === undefined });
  }

  /** Live: steers the latency (hls.js' latency controller), back to the edge when too far and not the viewer's choice. */
  private controlLatency(session: PlayerSession, t: number): void {
    if (!session.presentation.live || !this.watched.qoe.hasStarted || this.video.paused) return;
    if (this.viewerBehind && (session.live.distance() ?? 0) <= session.targets.max()) this.viewerBehind = false;
    const edge = steerLatency(this.video, session, bufferedAhead(this.ranges(), t), this.viewerBehind);
    if (edge !== undefined) {
      this.seekTo(edge);
      this.watched.live('seek-to-edge');
    }
  }

  private onEnded(): void {
    if (this.watched.session()) this.watched.emitter.emit('ended', { currentTime: this.video.currentTime });
  }
}
