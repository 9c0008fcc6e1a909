import { describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { resolveLiveOptions } from './PackageLiveOptions.js';

describe('resolveLiveOptions', () => {
  it('defaults to 2 s segments, 0.5 s parts, low latency and a one-minute window', () => {
    expect(resolveLiveOptions({})).toMatchObject({ segmentDuration: 2, partTarget: 0.5, ll: true, window: 30, targetDuration: 2, targetLatency: 2, utcTimingUrl: '/.ott/time' });
    expect(resolveLiveOptions({ partTarget: 1 / 3 }).targetLatency).toBeCloseTo(4 / 3, 9);
    expect(resolveLiveOptions({ segmentDuration: 6, ll: false })).toMatchObject({ window: 10, targetDuration: 6, targetLatency: 18, dashMinBufferTime: 2 });
  });

  it('rejects options that would break the playlists with LIVE_INVALID_OPTIONS', () => {
    for (const bad of [{ partTarget: 2 }, { segmentDuration: 0 }, { window: 2 }, { window: 4.5 }, { dvrWindowSeconds: -1 }, { targetLatency: Number.NaN }]) {
      let error: unknown;
      try {
        resolveLiveOptions(bad);
      } catch (e) {
        error = e;
      }
      expect(isOttError(error) && error.code, JSON.stringify(bad)).toBe('LIVE_INVALID_OPTIONS');
    }
  });
});
