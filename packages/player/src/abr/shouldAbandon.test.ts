import { describe, expect, it } from 'vitest';
import { shouldAbandon } from './shouldAbandon.js';

describe('shouldAbandon', () => {
  it('abandons a download that will outlast the buffer and names a level that fits', () => {
    // 2 s segment of 1.5 Mbit/s = 375 KB; 20 KB in 1 s = 160 kbit/s → 18 s left, 3 s of buffer.
    expect(shouldAbandon({ loaded: 20_000, total: 375_000, elapsedMs: 1000, bufferSeconds: 3, segmentDuration: 2, lowerBandwidths: [200_000, 600_000], currentBandwidth: 1_500_000 })).toBe(200_000);
  });

  it('keeps a download that finishes before the buffer runs out', () => {
    expect(shouldAbandon({ loaded: 300_000, total: 375_000, elapsedMs: 1000, bufferSeconds: 3, segmentDuration: 2, lowerBandwidths: [200_000], currentBandwidth: 1_500_000 })).toBeUndefined();
  });
});
