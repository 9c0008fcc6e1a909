/**
 * The segment grid both cutters share (VOD `RenditionSegmenter`, live `LiveRendition`): boundary `k` lies at
 * `origin + k × segmentTicks`, in the track's timescale, so renditions whose keyframes are aligned are cut at the
 * same instants.
 */

/** Where boundary `k` of the grid lies. */
export function gridBoundary(origin: number, k: number, segmentTicks: number): number {
  return origin + k * segmentTicks;
}

/**
 * The index of the first boundary after decode time `t` (at least 1): the next boundary once a segment starts at `t`.
 * `toleranceTicks` lets a time just before a boundary count as on it (timestamp jitter).
 */
export function nextGridIndex(origin: number, t: number, segmentTicks: number, toleranceTicks = 0): number {
  return Math.max(1, Math.floor((t - origin + toleranceTicks) / segmentTicks) + 1);
}
