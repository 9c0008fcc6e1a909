import { describe, expect, it } from 'vitest';
import { chooseLevel, levelForThroughput, videoThroughput } from './chooseLevel.js';

const ladder = [{ bandwidth: 200_000, height: 180 }, { bandwidth: 600_000, height: 360 }, { bandwidth: 1_500_000, height: 720 }];
const state = { throughputBps: 1_000_000, bufferSeconds: 0, bufferTarget: 30, current: 0 };
/** The QoE benchmark's DASH ladder (@bandwidth of 216p … 720p) and its audio. */
const bench = [232_836, 395_344, 662_256, 1_077_692, 1_571_916].map((bandwidth) => ({ bandwidth }));
const audio = 71_729;

describe('chooseLevel', () => {
  it('uses 90% of the throughput while the buffer is low', () => {
    expect(chooseLevel(ladder, { ...state, throughputBps: 660_000 })).toBe(0);
    expect(chooseLevel(ladder, { ...state, throughputBps: 670_000 })).toBe(1);
  });

  it('counts only the throughput left once the audio track is served', () => {
    expect(videoThroughput({ ...state, throughputBps: 800_000, reservedBps: 72_000 })).toBe(728_000);
    // 0.9 × (800k − 72k) = 655k fits 395k but not 662k; without the audio it would fit 662k.
    expect(chooseLevel(bench, { ...state, throughputBps: 800_000, reservedBps: audio })).toBe(1);
    expect(chooseLevel(bench, { ...state, throughputBps: 800_000 })).toBe(2);
  });

  it('discounts the time the link waits for first bytes', () => {
    // 1 Mbit/s, two requests of 200 ms TTFB per 2 s segment: 20 % of the time carries no bytes.
    expect(videoThroughput({ ...state, throughputBps: 1_000_000, reservedBps: 72_000, deadTimeRatio: 0.2 })).toBe(728_000);
    expect(chooseLevel(bench, { ...state, throughputBps: 1_000_000, reservedBps: audio })).toBe(2);
    expect(chooseLevel(bench, { ...state, throughputBps: 1_000_000, reservedBps: audio, deadTimeRatio: 0.2 })).toBe(1);
    // Never more than half, whatever the TTFB.
    expect(videoThroughput({ ...state, throughputBps: 1_000_000, deadTimeRatio: 3 })).toBe(500_000);
  });

  it('climbs with buffer occupancy but only to a level the raw throughput sustains', () => {
    expect(chooseLevel(ladder, { ...state, throughputBps: 1_400_000, bufferSeconds: 25 })).toBe(1);
    expect(chooseLevel(ladder, { ...state, throughputBps: 5_000_000, bufferSeconds: 25 })).toBe(2);
    // A full buffer on a 1.2 Mbit/s link: 540p (1078k + 72k audio) is sustainable without a safety margin.
    expect(chooseLevel(bench, { ...state, throughputBps: 1_190_000, reservedBps: audio, bufferSeconds: 29, current: 2 })).toBe(3);
    expect(chooseLevel(bench, { ...state, throughputBps: 1_100_000, reservedBps: audio, bufferSeconds: 29, current: 2 })).toBe(2);
  });

  it('climbs on the recent (fast) estimate while the conservative one still lags behind a rise', () => {
    // The link went from 600 to 800 kbit/s: the slow average still says 700k, the fast one 800k; 28 s buffered.
    const rising = { ...state, throughputBps: 700_000, recentThroughputBps: 800_000, reservedBps: audio, bufferSeconds: 28, current: 1 };
    expect(chooseLevel(bench, rising)).toBe(2);
    expect(chooseLevel(bench, { ...rising, recentThroughputBps: undefined })).toBe(1);
    // … but not with a low buffer, where the conservative estimate decides.
    expect(chooseLevel(bench, { ...rising, bufferSeconds: 5 })).toBe(1);
  });

  it('keeps the last level through a dip of the estimate while the buffer is full (BOLA-O)', () => {
    // 432p loaded last, 28 s buffered, the estimate dips to 500 kbit/s: the throughput rule alone would say 216p.
    expect(chooseLevel(bench, { ...state, throughputBps: 500_000, reservedBps: audio, bufferSeconds: 28, current: 2 })).toBe(2);
    // … and the same dip with a low buffer is followed at once.
    expect(chooseLevel(bench, { ...state, throughputBps: 500_000, reservedBps: audio, bufferSeconds: 5, current: 2 })).toBe(0);
  });

  it('steps down as the buffer drains, never below the throughput rule', () => {
    const at = (bufferSeconds: number): number => chooseLevel(bench, { ...state, throughputBps: 300_000, reservedBps: audio, bufferSeconds, current: 3 });
    const levels = [28, 24, 20, 16, 12, 9].map(at);
    expect(levels).toEqual([...levels].sort((a, b) => b - a));
    expect(levels[0]).toBe(3);
    expect(levels.at(-1)).toBe(0);
    expect(chooseLevel(bench, { ...state, throughputBps: 2_000_000, reservedBps: audio, bufferSeconds: 10, current: 3 })).toBe(4);
  });

  it('drops to the lowest level when the buffer is healthy but BOLA finds it over-full of low quality', () => {
    expect(chooseLevel(ladder, { ...state, throughputBps: 250_000, bufferSeconds: 9 })).toBe(0);
  });

  it('respects maxBitrate and the player-size cap', () => {
    expect(levelForThroughput(ladder, { ...state, maxBitrate: 700_000 }, 10_000_000)).toBe(1);
    expect(levelForThroughput(ladder, { ...state, maxHeight: 300 }, 10_000_000)).toBe(1);
    expect(chooseLevel(ladder, { ...state, maxBitrate: 700_000, throughputBps: 10_000_000, bufferSeconds: 29, current: 2 })).toBe(1);
  });

  it('skips failed levels', () => {
    expect(levelForThroughput([ladder[0]!, { ...ladder[1]!, failed: true }], state, 10_000_000)).toBe(0);
    expect(chooseLevel([ladder[0]!, { ...ladder[1]!, failed: true }, ladder[2]!], { ...state, throughputBps: 800_000, bufferSeconds: 29, current: 1 })).toBe(0);
  });
});
