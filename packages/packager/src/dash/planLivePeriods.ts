import type { LiveSession } from '@ott/core';

/** A publisher session as the MPD writer needs it. */
export interface SessionRecord extends LiveSession {
  /** Some rendition received a different init in this session (a new `EXT-X-MAP` / a new DASH Period). */
  readonly initChanged: boolean;
}

/** One DASH Period of a live presentation. */
export interface LivePeriod {
  /** Stable across MPD updates (ISO/IEC 23009-1 §5.3.2.1: a Period keeps its id). */
  readonly id: string;
  /** First session of the Period; the Period runs until the next one's first session. */
  readonly fromSession: number;
  /** `Period@start`, seconds. */
  readonly start: number;
  /** Media time (seconds) at the Period start: `presentationTimeOffset`. */
  readonly mediaStart: number;
}

/**
 * Splits the sessions into DASH Periods. The timestamps of later sessions continue the timeline, so one Period with
 * one continuous SegmentTimeline covers them, unless the init changed (a Representation has one Initialization) or,
 * in a dynamic MPD, the wall clock ran ahead of the media (the publisher was away): segment availability is
 * `availabilityStartTime + Period@start + (t − presentationTimeOffset)`, so the Period after such a gap starts
 * later by the lost time (ISO/IEC 23009-1 §5.3.9.5.3, DASH-IF IOP multi-period live).
 *
 * `mediaOrigin` is where a static presentation starts (its earliest presentation time, seconds).
 */
export function planLivePeriods(
  sessions: readonly SessionRecord[],
  mode: 'dynamic' | 'static',
  options: { readonly mediaOrigin: number; readonly driftTolerance: number },
): LivePeriod[] {
  const first = sessions[0];
  if (first === undefined) return [{ id: '1', fromSession: 1, start: 0, mediaStart: mode === 'static' ? options.mediaOrigin : 0 }];
  const periods: LivePeriod[] = [
    { id: String(first.session), fromSession: first.session, start: 0, mediaStart: mode === 'static' ? options.mediaOrigin : 0 },
  ];
  let periodDrift = 0;
  for (const session of sessions.slice(1)) {
    const drift = Math.max(periodDrift, (session.wallClock - first.wallClock) / 1000 - (session.mediaTimeSeconds - first.mediaTimeSeconds));
    const late = mode === 'dynamic' && drift - periodDrift > options.driftTolerance;
    if (!session.initChanged && !late) continue;
    const mediaStart = session.mediaTimeSeconds;
    if (mode === 'dynamic') {
      periodDrift = drift;
      periods.push({ id: String(session.session), fromSession: session.session, start: mediaStart + drift, mediaStart });
    } else {
      periods.push({ id: String(session.session), fromSession: session.session, start: mediaStart - options.mediaOrigin, mediaStart });
    }
  }
  return periods;
}
