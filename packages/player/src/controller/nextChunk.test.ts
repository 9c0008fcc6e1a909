import { describe, expect, it } from 'vitest';
import type { SegmentRef } from '../manifest/Presentation.js';
import { nextChunk } from './nextChunk.js';

/** A segment of `durations` parts starting at `start` (the first part independent, like video). */
function segment(number: number, start: number, durations: readonly number[], partial = false, hint = false): SegmentRef {
  let time = start;
  const parts = durations.map((duration, i): SegmentRef => {
    const part: SegmentRef = { url: `seg${number}.p${i}`, start: time, duration, timeline: 0, number, ...(i === 0 ? { independent: true } : {}), ...(hint && i === durations.length - 1 ? { hint: true } : {}) };
    time += duration;
    return part;
  });
  return { url: partial ? '' : `seg${number}`, start, duration: time - start, timeline: 0, number, parts, ...(partial ? { partial: true } : {}) };
}

describe('nextChunk', () => {
  const list = [segment(1, 0, [0.48, 0.48, 0.48, 0.48, 0.08]), segment(2, 2, [0.48, 0.48, 0.0427]), segment(3, 3.0027, [0.48, 0.5], true, true)];

  it('loads a whole complete segment from its start and parts after the first ones are appended', () => {
    expect(nextChunk(list, 0, false)?.url).toBe('seg1');
    expect(nextChunk(list, 0.96, false)?.url).toBe('seg1.p2');
  });

  it('does not step over a short last part (a 43 ms part at a session boundary)', () => {
    expect(nextChunk(list, 1.92, false)?.url).toBe('seg1.p4');
    expect(nextChunk(list, 2.96, false)?.url).toBe('seg2.p2');
  });

  it('starts a fresh load at an independent point: the whole segment, or the independent part of one in progress', () => {
    expect(nextChunk(list, 1.5, true)?.url).toBe('seg1');
    expect(nextChunk(list, 3.6, true)?.url).toBe('seg3.p0');
  });

  it('returns the preload hint at the end of the segment in progress, nothing past it', () => {
    expect(nextChunk(list, 3.4827, false)).toMatchObject({ url: 'seg3.p1', hint: true });
    expect(nextChunk(list, 4.1, false)).toBeUndefined();
  });
});
