import type { RenditionRecord } from './RenditionRecord.js';

/** Measured bit rates of one rendition, in bits per second (rounded up). */
export interface Bandwidth {
  /** Peak segment bit rate (RFC 8216bis §4.4.6.2 definition, see {@link measureBandwidth}). */
  readonly peak: number;
  /** Total segment bytes × 8 / total duration. */
  readonly average: number;
}

/**
 * Measures a rendition's bit rates from its segment sizes (init segment excluded: it is fetched once).
 *
 * The peak follows RFC 8216bis §4.4.6.2: the largest bit rate of any contiguous run of segments whose total duration
 * lies between 0.5 and 1.5 × the target duration, so a short last segment does not inflate it. When no run qualifies
 * (a single very short segment) the largest single-segment rate is used.
 */
export function measureBandwidth(rendition: RenditionRecord, targetDurationSeconds: number): Bandwidth {
  const { timescale } = rendition.track;
  const seconds = rendition.segments.map((segment) => segment.duration / timescale);
  const bits = rendition.segments.map((segment) => segment.byteLength * 8);
  let totalBits = 0;
  let totalSeconds = 0;
  let peak = 0;
  let singlePeak = 0;
  for (let i = 0; i < seconds.length; i++) {
    const d = seconds[i] ?? 0;
    const b = bits[i] ?? 0;
    totalBits += b;
    totalSeconds += d;
    if (d > 0) singlePeak = Math.max(singlePeak, b / d);
    let runBits = 0;
    let runSeconds = 0;
    for (let j = i; j < seconds.length; j++) {
      runBits += bits[j] ?? 0;
      runSeconds += seconds[j] ?? 0;
      if (runSeconds > 1.5 * targetDurationSeconds) break;
      if (runSeconds >= 0.5 * targetDurationSeconds && runSeconds > 0) peak = Math.max(peak, runBits / runSeconds);
    }
  }
  return {
    peak: Math.ceil(peak > 0 ? peak : singlePeak),
    average: totalSeconds > 0 ? Math.ceil(totalBits / totalSeconds) : 0,
  };
}
