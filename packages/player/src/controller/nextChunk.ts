import type { SegmentRef } from '../manifest/Presentation.js';
import { findSegment } from './findSegment.js';

const EPSILON = 0.05;

/**
 * What to load at `position`: a whole segment, or an LL-HLS part (RFC 8216bis §4.4.4.9) where only parts can
 * serve: a segment still being built, or the rest of a segment whose first parts are already appended. `fresh`
 * means nothing of this track is buffered at `position` (start, seek, level switch): loading must then begin at
 * an independent point, i.e. a whole segment or the last `INDEPENDENT=YES` part at or before `position`.
 * Undefined when nothing is listed there yet (wait for the next playlist).
 */
export function nextChunk(segments: readonly SegmentRef[], position: number, fresh: boolean): SegmentRef | undefined {
  const segment = findSegment(segments, position);
  // The rounding tolerance between segments can step over a very short last part: it is still to be loaded.
  const previous = segments[segment ? segments.indexOf(segment) - 1 : segments.length - 1];
  if (!fresh && previous?.parts && previous.start + previous.duration > position) {
    const tail = findSegment(previous.parts, position);
    if (tail) return tail;
  }
  if (!segment) return undefined;
  const parts = segment.parts;
  if (!parts?.length) return segment.partial ? undefined : segment;
  if (!segment.partial && (fresh || position <= segment.start + EPSILON)) return segment;
  if (!fresh) {
    const part = findSegment(parts, position);
    if (part || segment.partial) return part;
    // Parts may add up to a little less than EXTINF: past the last one, go on with the next segment.
    const next = segments[segments.indexOf(segment) + 1];
    return next ? nextChunk(segments, next.start, false) : undefined;
  }
  let independent: SegmentRef | undefined;
  for (const part of parts) {
    if (part.start > position + EPSILON) break;
    if (part.independent) independent = part;
  }
  return independent ?? parts.find((p) => p.independent);
}
