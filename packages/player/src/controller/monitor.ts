/** Largest hole in the buffer the player jumps over (a skipped segment, a misaligned start). */
export const MAX_GAP_SECONDS = 10;

/**
 * Gap jumping: when the playhead sits in a hole of the buffered ranges (or at the very end of one) and a later
 * range starts within `maxGap`, returns where to seek (just inside that range); undefined otherwise.
 */
export function gapJumpTarget(buffered: TimeRanges, time: number, maxGap = MAX_GAP_SECONDS): number | undefined {
  for (let i = 0; i < buffered.length; i++) {
    const start = buffered.start(i);
    const end = buffered.end(i);
    if (time >= start && time < end - 0.1) return undefined;
    if (start > time && start - time <= maxGap) return start + 0.05;
  }
  return undefined;
}

/**
 * Live catch-up: a playback rate within [min, max] proportional to how far the distance to the live edge is from
 * its target (10 % per second of error; dead band ±0.3 s so the rate does not flutter), like dash.js' low-latency
 * catch-up. No speed-up on less than 0.5 s of buffer: that would only reach the stall sooner.
 */
export function catchUpRate(distance: number, target: number, min: number, max: number, bufferSeconds = Infinity): number {
  const error = distance - target;
  if (Math.abs(error) < 0.3 || (error > 0 && bufferSeconds < 0.5)) return 1;
  const rate = 1 + error * 0.1;
  return Math.min(max, Math.max(min, rate));
}
