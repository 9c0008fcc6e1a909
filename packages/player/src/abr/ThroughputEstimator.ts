import type { FetchTiming } from '../loader/fetchBytes.js';

/** Downloads smaller than this say more about latency than throughput: they only update the TTFB. */
const MIN_BYTES = 16_384;
/**
 * A body that arrived in less than this (ms) came in one burst — from a cache, or queued up while the page's main
 * thread was busy — so its transfer time cannot be told from the wait before it (dash.js treats such video
 * responses as cached; hls.js floors the duration at 50 ms).
 */
const MIN_ACTIVE_MS = 50;
/** Requests whose TTFB the round-trip filter keeps. */
const RTT_WINDOW = 10;

/**
 * Bandwidth estimate from completed downloads: two exponentially weighted moving averages (fast and slow half-lives,
 * as in Shaka/hls.js/dash.js) over bits per *active* millisecond — time-to-first-byte and idle gaps are excluded by
 * {@link FetchTiming}, so request latency and chunked low-latency delivery do not drag the estimate down. Each sample
 * weighs its transfer time, so the averages are averages over time spent downloading. The smaller of the two is
 * used: quick to fall, slower to rise.
 *
 * The player makes its downloads take turns (see `DownloadQueue`), so a sample measures the whole link, not a share
 * of it.
 */
export class ThroughputEstimator {
  private fast = 0;
  private slow = 0;
  private weight = 0;
  /** Average TTFB (ms) of recent requests. */
  ttfbMs = 0;
  private readonly ttfbs: number[] = [];

  constructor(private readonly defaultBps: number, private readonly fastHalfLife = 2, private readonly slowHalfLife = 5) {}

  /** Adds one download (see {@link MIN_BYTES}, {@link MIN_ACTIVE_MS}). */
  sample(timing: FetchTiming): void {
    this.ttfbMs = this.ttfbMs === 0 ? timing.ttfbMs : 0.7 * this.ttfbMs + 0.3 * timing.ttfbMs;
    this.ttfbs.push(timing.ttfbMs);
    if (this.ttfbs.length > RTT_WINDOW) this.ttfbs.shift();
    if (timing.bytes < MIN_BYTES) return;
    if (timing.chunked) {
      // Chunked live delivery arrives in bursts by design and its TTFB includes waiting for the encoder: all bytes
      // over the active time, each download weighing at least half a second so bursts still move the estimate.
      this.add((timing.bytes * 8 * 1000) / Math.max(timing.activeMs, 1), Math.max(timing.activeMs / 1000, 0.5));
      return;
    }
    // A burst (one read after a busy main thread, ~1 ms of "activity" for a whole segment) would read as hundreds
    // of Mbit/s: measure it over the whole request instead, which can only underestimate.
    const timed = timing.activeMs >= MIN_ACTIVE_MS;
    const ms = timed ? timing.activeMs : Math.max(timing.activeMs + timing.ttfbMs, MIN_ACTIVE_MS);
    // Over the active time, only the bytes that arrived in it (see FetchTiming.timedBytes); over the whole request, all.
    const bytes = timed ? timing.timedBytes ?? timing.bytes : timing.bytes;
    this.add((bytes * 8 * 1000) / ms, ms / 1000);
  }

  private add(bps: number, seconds: number): void {
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

  /**
   * The fast average alone (bits/s; the default until measured): follows the link within a few seconds both ways.
   * For climbing while the buffer is healthy, where the buffer, not the estimate, is the safety margin.
   */
  get recent(): number {
    return this.weight === 0 ? this.defaultBps : this.fast;
  }

  /**
   * Round trip before bytes flow (ms): the smallest TTFB of the last requests, a min-RTT filter as in TCP BBR. A busy
   * main thread only ever delays the moment the page sees the first byte (the link is already carrying it), so the
   * minimum is what the network costs per request; 0 before any request.
   */
  get latencyMs(): number {
    return this.ttfbs.length === 0 ? 0 : Math.min(...this.ttfbs);
  }

  /** True once at least one real sample was taken. */
  get measured(): boolean {
    return this.weight > 0;
  }
}
