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
  const { qoe, emitter } = watched;
  let lastTime = -1;
  let stuckTicks = 0;
  let ticks = 0;
  /** Seeks the player makes itself (gap jumps, back to the live edge), told apart from the viewer's. */
  let ownSeek = false;
  let viewerBehind = false;
  const seekTo = (time: number): void => {
    ownSeek = true;
    video.currentTime = time;
  };
  const ranges = (): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 0; i < video.buffered.length; i++) out.push([video.buffered.start(i), video.buffered.end(i)]);
    return out;
  };
  const onSeeking = (): void => {
    const session = watched.session();
    if (!session) return;
    const t = video.currentTime;
    if (!ownSeek && qoe.hasStarted && session.presentation.live) viewerBehind = true;
    ownSeek = false;
    for (const loop of session.loops) {
      const inside = loop.queue.ranges().some(([s, e]) => t >= s - 0.1 && t < e);
      if (!inside) loop.reset();
      else loop.ended = false;
    }
    session.wake();
  };
  const onPlaying = (): void => {
    if (!qoe.hasStarted) {
      qoe.started();
      emitter.emit('playing', { startupMs: qoe.snapshot({ latency: 0, bufferSeconds: 0, throughputBps: 0, video }).startupMs });
    }
  };
  const onWaiting = (): void => {
    if (video.seeking || !qoe.hasStarted || qoe.stalled) return;
    qoe.stallStarted();
    emitter.emit('stall', { currentTime: video.currentTime, bufferSeconds: bufferedAhead(ranges(), video.currentTime) });
  };
  const onTick = (): void => {
    const session = watched.session();
    session?.wake();
    const t = video.currentTime;
    const advancing = t !== lastTime && !video.paused;
    lastTime = t;
    if (advancing && video.readyState >= 3) onPlaying();
    qoe.tick(advancing);
    if (advancing) {
      stuckTicks = 0;
      const stallMs = qoe.stallEnded();
      if (stallMs !== undefined) emitter.emit('playing', { startupMs: qoe.snapshot({ latency: 0, bufferSeconds: 0, throughputBps: 0, video }).startupMs, stallMs });
    } else if (!video.paused && !video.ended && !video.seeking && session) {
      stuckTicks += 1;
      if (stuckTicks >= 2) onWaiting();
      const jump = gapJumpTarget(video.buffered, t);
      if (jump !== undefined && stuckTicks >= 1) seekTo(jump);
    }
    if (session) {
      const appended = session.loops.find((l) => l.kind === 'video')?.appended ?? [];
      const shown = [...appended].reverse().find(([s, e]) => t >= s - 0.05 && t < e);
      if (shown) {
        const level = shown[2];
        const previous = qoe.snapshot({ latency: 0, bufferSeconds: 0, throughputBps: 0, video }).level;
        const bandwidth = session.presentation.levels[level]?.bandwidth ?? 0;
        if (level !== previous) {
          qoe.levelShown(level, bandwidth);
          if (previous >= 0) emitter.emit('levelSwitch', { from: previous, to: level, bitrate: bandwidth, auto: session.pinned === undefined });
        }
      }
      if (session.presentation.live && qoe.hasStarted && !video.paused) {
        if (viewerBehind && (session.live.distance() ?? 0) <= session.targets.max()) viewerBehind = false;
        const edge = steerLatency(video, session, bufferedAhead(ranges(), t), viewerBehind);
        if (edge !== undefined) {
          seekTo(edge);
          watched.live('seek-to-edge');
        }
      }
    }
    ticks += 1;
    if (ticks % 4 === 0 && session) {
      emitter.emit('qoe', qoe.snapshot({ latency: watched.latency(), bufferSeconds: bufferedAhead(ranges(), t), throughputBps: session.estimator.estimate, video }));
      if (session.presentation.live) watched.live('update');
    }
  };
  const onEnded = (): void => {
    if (watched.session()) emitter.emit('ended', { currentTime: video.currentTime });
  };
  const timer = setInterval(onTick, 250);
  const wake = (): void => watched.session()?.wake();
  video.addEventListener('seeking', onSeeking);
  video.addEventListener('playing', onTick);
  video.addEventListener('waiting', onTick);
  video.addEventListener('timeupdate', wake);
  video.addEventListener('progress', wake);
  video.addEventListener('ended', onEnded);
  return () => {
    video.removeEventListener('ended', onEnded);
    clearInterval(timer);
    video.removeEventListener('seeking', onSeeking);
    video.removeEventListener('playing', onTick);
    video.removeEventListener('waiting', onTick);
    video.removeEventListener('timeupdate', wake);
    video.removeEventListener('progress', wake);
  };
}
