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

/** The grid of one rendition's cutter: anchored at its first segment, then moved past each cut. */
export class SegmentGrid {
  readonly segmentTicks: number;
  readonly toleranceTicks: number;
  #origin: number | undefined;
  #next = 1;

  constructor(segmentTicks: number, toleranceTicks = 0) {
    this.segmentTicks = segmentTicks;
    this.toleranceTicks = toleranceTicks;
  }

  /** Where boundary 0 lies, once anchored. */
  get origin(): number | undefined {
    return this.#origin;
  }

  /** Forgets the anchor (a new publisher session restarts the grid). */
  reset(): void {
    this.#origin = undefined;
    this.#next = 1;
  }

  /** Anchors the grid at `origin` for a first segment starting at `t`. */
  anchor(origin: number, t: number): void {
    this.#origin = origin;
    this.#next = nextGridIndex(origin, t, this.segmentTicks, this.toleranceTicks);
  }

  /** After a segment that ends at `t`: the next boundary is the first one after it. */
  advanceFrom(t: number): void {
    if (this.#origin !== undefined) this.#next = nextGridIndex(this.#origin, t, this.segmentTicks, this.toleranceTicks);
  }

  /** The boundary the segment in progress ends at. */
  boundary(): number {
    return gridBoundary(this.#origin ?? 0, this.#next, this.segmentTicks);
  }
}
