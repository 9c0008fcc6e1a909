import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retryDelay.js';

describe('retryDelayMs', () => {
  it('doubles from 500 ms up to 4 s by default, and follows PlayerOptions.retryDelay', () => {
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs({}, n))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect([0, 1, 2].map((n) => retryDelayMs({ retryDelay: { initialMs: 100, maxMs: 250 } }, n))).toEqual([100, 200, 250]);
  });
});
