import type { FetchTiming } from '../loader/fetchBytes.js';

/**
 * Bandwidth estimate from completed downloads: two exponentially weighted moving averages (fast and slow half-lives,
 * as in Shaka/hls.js) over bits per *active* millisecond — time-to-first-byte and idle gaps are excluded by
 * {@link FetchTiming}, so request latency and chunked low-latency delivery do not drag the estimate down. The
 * smaller of the two averages is used: quick to fall, slow to rise.
 */
export class ThroughputEstimator {
  private fast = 0;
  private slow = 0;
  private weight = 0;
  /** Latest TTFB (ms), used to predict how long a request takes before bytes flow. */
  ttfbMs = 0;

  constructor(private readonly defaultBps: number, private readonly fastHalfLife = 2, private readonly slowHalfLife = 5) {}

  /** Adds one download; tiny ones (< 16 KB) say more about latency than throughput and only update TTFB. */
  sample(timing: FetchTiming): void {
    this.ttfbMs = this.ttfbMs === 0 ? timing.ttfbMs : 0.7 * this.ttfbMs + 0.3 * timing.ttfbMs;
    if (timing.bytes < 16_384) return;
    const bps = (timing.bytes * 8 * 1000) / Math.max(timing.activeMs, 1);
    // Each download is one observation: a floor on its weight lets fast (local, cached) downloads move the
    // estimate back up after a drop instead of counting for a few milliseconds.
    const seconds = Math.max(timing.activeMs / 1000, 0.5);
    this.fast = ThroughputEstimator.ewma(this.fast, bps, seconds, this.fastHalfLife);
    this.slow = ThroughputEstimator.ewma(this.slow, bps, seconds, this.slowHalfLife);
    this.weight += seconds;
  }

  private static ewma(previous: number, value: number, weight: number, halfLife: number): number {
    const alpha = Math.pow(0.5, weight / halfLife);
    return previous === 0 ? value : alpha * previous + (1 - alpha) * value;
  }

  /** Estimated bits per second (the default until a real sample arrived). */
  get estimate(): number {
    if (this.weight === 0) return this.defaultBps;
    return Math.min(this.fast, this.slow);
  }

  /** True once at least one real sample was taken. */
  get measured(): boolean {
    return this.weight > 0;
  }
}
