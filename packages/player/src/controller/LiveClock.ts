import type { Presentation, SegmentRef, Track } from '../manifest/Presentation.js';
import { findSegment } from './findSegment.js';

/** End of the newest media a track lists (not counting preload hints or predicted DASH segments). */
function listedEnd(segments: readonly SegmentRef[]): number | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i];
    if (!s || s.predicted) continue;
    if (!s.partial) return s.start + s.duration;
    const last = s.parts?.filter((p) => !p.hint).pop();
    return last ? last.start + last.duration : s.start;
  }
  return undefined;
}

/**
 * Where a live presentation's edge is and how far behind it the playhead plays, on the presentation timeline:
 * - `edge`: DASH: the wall clock (`availabilityStartTime`, clock synchronised through `UTCTiming`), no further than
 *   one segment past the newest listed one (so a stalled encoder does not pull the edge away); HLS: the end of the
 *   newest segment or part, moved on by the time since that playlist arrived (at most one part/target duration).
 * - `latency`: wall clock minus the capture time of the frame on screen: HLS `EXT-X-PROGRAM-DATE-TIME`
 *   (RFC 8216bis §4.4.4.6), DASH `availabilityStartTime` + presentation time; the edge distance when neither exists.
 */
export class LiveClock {
  constructor(private readonly presentation: Presentation) {}

  /** Wall clock, ms, on the server's clock when it is known. */
  now(): number {
    return Date.now() + this.presentation.clockOffsetMs;
  }

  edge(track: Track | undefined): number | undefined {
    const p = this.presentation;
    const segments = track?.segments ?? [];
    const end = listedEnd(segments);
    if (p.format === 'dash' && p.availabilityStartTime !== undefined) {
      const wall = (this.now() - p.availabilityStartTime) / 1000;
      const last = segments.filter((s) => !s.predicted).pop();
      return end === undefined || !last ? wall : Math.min(wall, end + last.duration);
    }
    if (end === undefined) return undefined;
    const age = track?.loadedAt === undefined ? 0 : (performance.now() - track.loadedAt) / 1000;
    return end + Math.min(age, Math.max(p.refreshInterval, 0.1));
  }

  /** Seconds between the live edge and `time`. */
  distance(track: Track | undefined, time: number): number | undefined {
    const edge = this.edge(track);
    return edge === undefined ? undefined : edge - time;
  }

  /** Seconds between now and when the frame at `time` was live (see the class comment). */
  latency(track: Track | undefined, time: number): number | undefined {
    const p = this.presentation;
    if (p.format === 'dash' && p.availabilityStartTime !== undefined) return (this.now() - p.availabilityStartTime) / 1000 - time;
    const segment = findSegment(track?.segments ?? [], time);
    if (segment?.pdt !== undefined) return (Date.now() - segment.pdt) / 1000 - (time - segment.start);
    return this.distance(track, time);
  }
}
