import { describe, expect, it } from 'vitest';
import type { CmafSample } from '@ott/core';
import { estimateFrameRate } from './estimateFrameRate.js';

const samples = (count: number, duration: number): CmafSample[] =>
  Array.from({ length: count }, () => ({ duration, size: 1, compositionTimeOffset: 0, isSync: false }));

describe('estimateFrameRate', () => {
  it('finds integer rates', () => {
    expect(estimateFrameRate(samples(60, 512), 15360)).toBe(30);
    expect(estimateFrameRate(samples(50, 3600), 90000)).toBe(25);
  });

  it('snaps to NTSC rates', () => {
    expect(estimateFrameRate(samples(60, 1001), 30000)).toBeCloseTo(30000 / 1001, 10);
    // 90 kHz with alternating 3003/3004-ish rounding still lands on 29.97.
    expect(estimateFrameRate([...samples(30, 3003), ...samples(30, 3004)], 90000)).toBeCloseTo(30000 / 1001, 10);
  });

  it('returns undefined when it cannot tell', () => {
    expect(estimateFrameRate(samples(1, 512), 15360)).toBeUndefined();
  });
});
