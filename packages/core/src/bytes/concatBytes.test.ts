import { describe, expect, it } from 'vitest';
import { concatBytes } from './concatBytes.js';

describe('concatBytes', () => {
  it('returns adjacent views of one buffer as a single view, without copying', () => {
    const whole = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const joined = concatBytes([whole.subarray(1, 3), whole.subarray(3, 5)]);
    expect(Array.from(joined)).toEqual([2, 3, 4, 5]);
    expect(joined.buffer).toBe(whole.buffer);
  });

  it('copies views from different buffers or with gaps into a new array', () => {
    const a = new Uint8Array([1, 2, 3, 4]);
    const gap = concatBytes([a.subarray(0, 1), a.subarray(2, 3)]);
    expect(Array.from(gap)).toEqual([1, 3]);
    expect(gap.buffer).not.toBe(a.buffer);
    expect(Array.from(concatBytes([a.subarray(0, 2), new Uint8Array([9])]))).toEqual([1, 2, 9]);
  });

  it('handles no pieces and one piece', () => {
    expect(concatBytes([]).byteLength).toBe(0);
    const one = new Uint8Array([7]);
    expect(concatBytes([one])).toBe(one);
  });
});
