/** Inputs of {@link shouldAbandon}, sampled while a segment downloads. */
export interface DownloadProgress {
  readonly loaded: number;
  readonly total: number | undefined;
  /** Milliseconds since the first byte. */
  readonly elapsedMs: number;
  /** Seconds of media buffered ahead of the playhead. */
  readonly bufferSeconds: number;
  readonly segmentDuration: number;
  /** Bandwidth of the level being downloaded and of each candidate below it (bits/s), lowest first. */
  readonly lowerBandwidths: readonly number[];
  readonly currentBandwidth: number;
}

/** What giving up costs before the lower level's bytes flow: a new request (and perhaps its init segment). */
const REFETCH_COST_S = 0.25;

/**
 * Decides whether to give up a download that will run the buffer dry (as hls.js' `_abandonRulesCheck`): true when
 * the remaining bytes at the rate seen so far take longer than the buffer lasts (at startup, with nothing buffered:
 * longer than a second), and a lower level's whole segment would arrive sooner than the rest of this one. Returns
 * the bandwidth to fall back to, or undefined to keep going.
 */
export function shouldAbandon(p: DownloadProgress): number | undefined {
  if (p.elapsedMs < 500 || p.loaded === 0 || p.lowerBandwidths.length === 0) return undefined;
  const total = p.total ?? (p.currentBandwidth * p.segmentDuration) / 8;
  const rate = (p.loaded * 8 * 1000) / p.elapsedMs;
  const remaining = ((total - p.loaded) * 8) / rate;
  if (remaining <= p.bufferSeconds || remaining < 1) return undefined;
  // Highest lower level whose whole segment at the observed rate arrives before the buffer runs out.
  const fits = p.lowerBandwidths.filter((bw) => (bw * p.segmentDuration) / rate < Math.max(p.bufferSeconds, 0.5) * 0.8);
  const to = fits.length > 0 ? fits[fits.length - 1] : p.lowerBandwidths[0];
  // Starting over only helps when the lower segment arrives clearly before the rest of this one would.
  if (to === undefined || (to * p.segmentDuration) / rate + REFETCH_COST_S >= remaining) return undefined;
  return to;
}
