import type { SegmentRef } from '../manifest/Presentation.js';

/**
 * The segment (or part) that covers `time`, or the first one after it, tolerating rounding at boundaries: up to
 * 50 ms, less for short ones (a 40 ms LL-HLS part at the end of a segment must not be stepped over).
 */
export function findSegment(segments: readonly SegmentRef[], time: number): SegmentRef | undefined {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = segments[mid];
    if (!s) break;
    if (s.start + s.duration <= time + Math.min(0.05, s.duration / 4)) low = mid + 1;
    else high = mid - 1;
  }
  return segments[low];
}

/** Seconds buffered contiguously ahead of `time` in `ranges` (gaps under 0.3 s are bridged). */
export function bufferedAhead(ranges: readonly [number, number][], time: number): number {
  let end = time;
  for (const [start, stop] of ranges) {
    if (start <= end + 0.3 && stop > end) end = stop;
  }
  return end - time;
}
