import { describe, expect, it } from 'vitest';
import { catchUpRate } from './monitor.js';

describe('catchUpRate', () => {
  it('speeds up or slows down in proportion, within bounds, not inside the dead band or on an empty buffer', () => {
    expect(catchUpRate(3.2, 3, 0.95, 1.05)).toBe(1);
    expect(catchUpRate(3.5, 3, 0.95, 1.05)).toBeCloseTo(1.05);
    expect(catchUpRate(2.5, 3, 0.96, 1.04)).toBeCloseTo(0.96);
    expect(catchUpRate(5, 3, 0.95, 1.05, 0.2)).toBe(1);
  });
});
