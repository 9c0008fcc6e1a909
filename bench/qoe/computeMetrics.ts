import type { Rung } from './prepareContent.js';
import type { Sample } from './qoePage.js';
import type { SessionRecord } from './runSession.js';

/** QoE of one session, computed the same way for every player from the page's samples. */
export interface SessionMetrics {
  /** Navigation start → first `playing` event (includes downloading the player script through the throttle), ms. */
  readonly startupMs: number;
  /** The player's load call (its script has run) → first `playing`, ms. */
  readonly startupFromLoadMs: number;
  /** Stalled wall time / (wall time from first frame to the end of the session). */
  readonly rebufferRatio: number;
  readonly stallSeconds: number;
  /** Stall episodes (runs of consecutive non-advancing sample intervals). */
  readonly stalls: number;
  /**
   * Wall seconds in which the playhead stood still although media was buffered ahead and the element had future data
   * (the page or the decoder did not get the CPU): not rebuffering, and not counted in `rebufferRatio`.
   */
  readonly hiccupSeconds: number;
  /** Time-weighted average nominal bitrate (kbit/s) of the rung on screen, over played time. */
  readonly avgKbps: number;
  /** Changes of the rung on screen. */
  readonly switches: number;
  /** Media seconds played. */
  readonly playedSeconds: number;
  /** Wall seconds from first frame to the end of the session. */
  readonly sessionSeconds: number;
  readonly ended: boolean;
  readonly droppedFrames: number;
  readonly totalFrames: number;
  readonly waitingEvents: number;
  readonly errors: readonly string[];
}

/** Nominal kbit/s of the rung whose height is `height` (0 before the first frame or for an unknown height). */
export function rungKbps(rungs: readonly Rung[], height: number): number {
  return rungs.find((r) => r.height === height)?.kbps ?? 0;
}

/**
 * A sample interval counts as stalled when, after the first frame and before `ended`, the playhead advanced less
 * than a fifth of the wall time that passed (playing at 1× it advances by the whole interval). This treats every
 * player alike, whatever events it fires; the `waiting` event count is kept as a cross-check.
 */
function stalledBetween(a: Sample, b: Sample): boolean {
  const wall = (b.t - a.t) / 1000;
  return !b.ended && !a.ended && b.ct - a.ct < 0.2 * wall;
}

/**
 * A stalled interval is rebuffering when the element lacked data at either end: less than half a second buffered
 * ahead, or `readyState` below HAVE_FUTURE_DATA. Otherwise the playhead stood still with data in hand: a CPU hiccup.
 */
export function starved(a: Sample, b: Sample): boolean {
  return Math.min(a.buf, b.buf) < 0.5 || a.rs < 3 || b.rs < 3;
}

/** Computes {@link SessionMetrics} from one session's samples; `rungs` maps `videoHeight` to the nominal bitrate. */
export function computeMetrics(record: SessionRecord, rungs: readonly Rung[]): SessionMetrics {
  const { page } = record;
  const samples = page.samples;
  const first = page.firstFrameAt;
  const started = first >= 0;
  let stallMs = 0;
  let hiccupMs = 0;
  let playMs = 0;
  let bitMs = 0;
  let stalls = 0;
  let inStall = false;
  let switches = 0;
  let lastHeight = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1] as Sample;
    const b = samples[i] as Sample;
    // Whole intervals after the first frame only: the one holding the `playing` event is partly before it.
    if (!started || a.t < first) continue;
    const dt = b.t - a.t;
    if (a.ended) break;
    if (stalledBetween(a, b) && starved(a, b)) {
      stallMs += dt;
      if (!inStall) stalls += 1;
      inStall = true;
    } else if (stalledBetween(a, b)) {
      hiccupMs += dt;
      inStall = false;
    } else {
      inStall = false;
      playMs += dt;
      bitMs += dt * rungKbps(rungs, a.h || b.h);
    }
    if (b.h > 0 && lastHeight > 0 && b.h !== lastHeight) switches += 1;
    if (b.h > 0) lastHeight = b.h;
  }
  const last = samples[samples.length - 1];
  const end = last ? (last.ended ? (samples.find((s) => s.ended)?.t ?? last.t) : last.t) : 0;
  const sessionMs = started ? Math.max(end - first, 1) : 0;
  return {
    startupMs: started ? first : Number.NaN,
    startupFromLoadMs: started ? first - page.loadAt : Number.NaN,
    rebufferRatio: started ? stallMs / sessionMs : 1,
    stallSeconds: stallMs / 1000,
    stalls,
    hiccupSeconds: hiccupMs / 1000,
    avgKbps: playMs > 0 ? bitMs / playMs : 0,
    switches,
    playedSeconds: last?.ct ?? 0,
    sessionSeconds: sessionMs / 1000,
    ended: last?.ended ?? false,
    droppedFrames: last?.dropped ?? 0,
    totalFrames: last?.frames ?? 0,
    waitingEvents: page.waitingEvents,
    errors: [...page.errors, ...record.pageErrors],
  };
}
