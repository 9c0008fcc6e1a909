import type { RenditionRecord } from './RenditionRecord.js';

/**
 * The HLS target duration of a rendition in whole seconds: the longest segment, as written in `EXTINF` (3 decimals),
 * rounded up (RFC 8216bis §4.4.3.1 only requires the rounded-to-nearest value to fit; rounding up is the safe side).
 */
export function targetDuration(rendition: RenditionRecord): number {
  let max = 0;
  for (const segment of rendition.segments) {
    max = Math.max(max, Number((segment.duration / rendition.track.timescale).toFixed(3)));
  }
  return Math.max(1, Math.ceil(max));
}
