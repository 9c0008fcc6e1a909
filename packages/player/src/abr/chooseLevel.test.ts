import { describe, expect, it } from 'vitest';
import { chooseLevel, levelForThroughput } from './chooseLevel.js';

const ladder = [{ bandwidth: 200_000, height: 180 }, { bandwidth: 600_000, height: 360 }, { bandwidth: 1_500_000, height: 720 }];
const state = { throughputBps: 1_000_000, bufferSeconds: 0, bufferTarget: 30, current: 0 };

describe('chooseLevel', () => {
  it('uses 80% of the throughput while the buffer is low', () => {
    expect(chooseLevel(ladder, { ...state, throughputBps: 700_000 })).toBe(0);
    expect(chooseLevel(ladder, { ...state, throughputBps: 800_000 })).toBe(1);
  });

  it('climbs with buffer occupancy but never above the raw throughput', () => {
    expect(chooseLevel(ladder, { ...state, throughputBps: 1_400_000, bufferSeconds: 25 })).toBe(1);
    expect(chooseLevel(ladder, { ...state, throughputBps: 5_000_000, bufferSeconds: 25 })).toBe(2);
  });

  it('drops to the lowest level when the buffer is healthy but BOLA finds it over-full of low quality', () => {
    expect(chooseLevel(ladder, { ...state, throughputBps: 250_000, bufferSeconds: 9 })).toBe(0);
  });

  it('respects maxBitrate and the player-size cap', () => {
    expect(levelForThroughput(ladder, { ...state, maxBitrate: 700_000 }, 10_000_000)).toBe(1);
    expect(levelForThroughput(ladder, { ...state, maxHeight: 300 }, 10_000_000)).toBe(1);
  });

  it('skips failed levels', () => {
    expect(levelForThroughput([ladder[0]!, { ...ladder[1]!, failed: true }], state, 10_000_000)).toBe(0);
  });
});
