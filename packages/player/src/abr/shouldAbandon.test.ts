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

  it('restarts the first segment lower when the link turns out slow (nothing buffered yet)', () => {
    // 136 KB at 432p on a 500 kbit/s link: 31 KB after 0.5 s, 1.7 s to go; a 216p segment takes 0.9 s.
    expect(shouldAbandon({ loaded: 31_000, total: 136_000, elapsedMs: 500, bufferSeconds: 0, segmentDuration: 2, lowerBandwidths: [232_836, 395_344], currentBandwidth: 662_256 })).toBe(232_836);
  });

  it('keeps a download that ends sooner than a lower level would arrive', () => {
    // 1.1 s to go, but the lower level's segment would take 1.0 s plus a new request.
    expect(shouldAbandon({ loaded: 50_000, total: 120_000, elapsedMs: 800, bufferSeconds: 0, segmentDuration: 2, lowerBandwidths: [250_000], currentBandwidth: 480_000 })).toBeUndefined();
  });
});
