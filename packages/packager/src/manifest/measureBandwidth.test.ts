import { describe, expect, it } from 'vitest';
import { renditionRecord, videoTrack } from './fixtures.test-helper.js';
import { measureBandwidth } from './measureBandwidth.js';

describe('measureBandwidth', () => {
  it('averages total bytes over total duration', () => {
    const r = renditionRecord('v', videoTrack(640, 360, { timescale: 1000 }), [4000, 4000], [500_000, 1_000_000]);
    expect(measureBandwidth(r, 4).average).toBe(1_500_000);
  });

  it('takes the peak over runs of 0.5 to 1.5 target durations, so a tiny last segment does not inflate it', () => {
    // The last 0.1 s segment alone would be 8 Mbit/s; as a run with its neighbour it is (1e6 + 1e5) * 8 / 4.1.
    const r = renditionRecord('v', videoTrack(640, 360, { timescale: 1000 }), [4000, 4000, 100], [1_000_000, 1_000_000, 100_000]);
    expect(measureBandwidth(r, 4).peak).toBe(Math.ceil((1_100_000 * 8) / 4.1));
  });

  it('falls back to the largest single-segment rate when no run is long enough', () => {
    const r = renditionRecord('v', videoTrack(640, 360, { timescale: 1000 }), [400], [10_000]);
    expect(measureBandwidth(r, 1).peak).toBe(200_000);
  });
});
