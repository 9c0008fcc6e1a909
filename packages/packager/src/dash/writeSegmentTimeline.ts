import type { SegmentRecord } from '../manifest/RenditionRecord.js';

/**
 * The `SegmentTimeline` of one representation (ISO/IEC 23009-1 §5.3.9.6): run-length compressed `S` elements, with
 * `t` (the segment's presentation time) on the first one and wherever the timeline jumps.
 */
export function writeSegmentTimeline(segments: readonly SegmentRecord[], indent: string): string {
  const runs: { t: number | undefined; d: number; r: number }[] = [];
  let expected: number | undefined;
  for (const segment of segments) {
    const last = runs[runs.length - 1];
    const continuous = expected === segment.presentationTime;
    if (last !== undefined && continuous && last.d === segment.duration) last.r++;
    else runs.push({ t: continuous ? undefined : segment.presentationTime, d: segment.duration, r: 0 });
    expected = segment.presentationTime + segment.duration;
  }
  const lines = [`${indent}<SegmentTimeline>`];
  for (const run of runs) {
    const t = run.t === undefined ? '' : ` t="${run.t}"`;
    const r = run.r === 0 ? '' : ` r="${run.r}"`;
    lines.push(`${indent}  <S${t} d="${run.d}"${r}/>`);
  }
  lines.push(`${indent}</SegmentTimeline>`);
  return lines.join('\n');
}
