import { describe, expect, it } from 'vitest';
import { ThroughputEstimator } from './ThroughputEstimator.js';

/** A download of `kbps` over `activeMs` after `ttfbMs`. */
const download = (kbps: number, activeMs: number, ttfbMs = 40) => ({ ttfbMs, activeMs, bytes: Math.round((kbps * 1000 * activeMs) / 1000 / 8) });

describe('ThroughputEstimator', () => {
  it('answers the default until a download was measured', () => {
    const estimator = new ThroughputEstimator(1_000_000);
    expect(estimator.estimate).toBe(1_000_000);
    expect(estimator.measured).toBe(false);
  });

  it('measures bits per active millisecond, leaving out the time to first byte', () => {
    const estimator = new ThroughputEstimator(1_000_000);
    estimator.sample(download(800, 1000, 500));
    expect(estimator.estimate).toBeCloseTo(800_000, -3);
    expect(estimator.ttfbMs).toBe(500);
  });

  it('only takes the latency from downloads too small to time', () => {
    const estimator = new ThroughputEstimator(1_000_000);
    estimator.sample({ ttfbMs: 60, activeMs: 2, bytes: 700 });
    expect(estimator.measured).toBe(false);
    expect(estimator.ttfbMs).toBe(60);
  });

  it('measures a body that arrived in one burst over the whole request, not over its ~1 ms of reads', () => {
    const estimator = new ThroughputEstimator(1_000_000);
    // 17.7 KB read at once after the main thread was busy for 250 ms: 142 Mbit/s over 1 ms, 564 kbit/s over 251 ms.
    estimator.sample({ ttfbMs: 250, activeMs: 1, bytes: 17_700 });
    expect(estimator.estimate).toBeLessThan(1_000_000);
    expect(estimator.estimate).toBeCloseTo((17_700 * 8 * 1000) / 251, -3);
  });

  it('leaves out the bytes of the first read, which arrived before the active time began', () => {
    const estimator = new ThroughputEstimator(1_000_000);
    // 150 KB, of which 50 KB came in the first read (the page was busy): 100 KB over 1 s is 800 kbit/s, not 1.2 Mbit/s.
    estimator.sample({ ttfbMs: 300, activeMs: 1000, bytes: 150_000, timedBytes: 100_000 });
    expect(estimator.estimate).toBeCloseTo(800_000, -3);
  });

  it('keeps timing chunked live downloads over their active time only (their TTFB waits for the encoder)', () => {
    const estimator = new ThroughputEstimator(1_000_000);
    estimator.sample({ ttfbMs: 900, activeMs: 20, bytes: 40_000, timedBytes: 20_000, chunked: true });
    expect(estimator.estimate).toBeCloseTo(16_000_000, -4);
  });

  it('takes the request round trip as the smallest recent TTFB (a busy page only delays it)', () => {
    const estimator = new ThroughputEstimator(1_000_000);
    expect(estimator.latencyMs).toBe(0);
    for (const ttfbMs of [60, 450, 48, 300, 52]) estimator.sample({ ttfbMs, activeMs: 5, bytes: 700 });
    expect(estimator.latencyMs).toBe(48);
    for (let i = 0; i < 10; i++) estimator.sample({ ttfbMs: 90, activeMs: 5, bytes: 700 });
    expect(estimator.latencyMs).toBe(90);
  });

  it('falls at once and rises over a few downloads', () => {
    const estimator = new ThroughputEstimator(1_000_000);
    for (let i = 0; i < 10; i++) estimator.sample(download(1200, 1000));
    estimator.sample(download(400, 1000));
    expect(estimator.estimate).toBeLessThan(1_000_000);
    const afterDrop = estimator.estimate;
    for (let i = 0; i < 10; i++) estimator.sample(download(400, 1000));
    expect(estimator.estimate).toBeLessThan(afterDrop);
    const low = estimator.estimate;
    estimator.sample(download(1200, 1000));
    expect(estimator.estimate).toBeLessThan(low + (1_200_000 - low) / 2);
    for (let i = 0; i < 8; i++) estimator.sample(download(1200, 1000));
    expect(estimator.estimate).toBeGreaterThan(950_000);
  });

  it('offers the fast average alone as the recent estimate, ahead of the conservative one on a rise', () => {
    const estimator = new ThroughputEstimator(1_000_000);
    expect(estimator.recent).toBe(1_000_000);
    for (let i = 0; i < 10; i++) estimator.sample(download(400, 1000));
    for (let i = 0; i < 6; i++) estimator.sample(download(800, 1000));
    expect(estimator.recent).toBeGreaterThan(740_000);
    expect(estimator.estimate).toBeLessThan(700_000);
  });

  it('weighs each download by its transfer time', () => {
    const short = new ThroughputEstimator(1_000_000);
    const long = new ThroughputEstimator(1_000_000);
    for (const e of [short, long]) e.sample(download(1000, 1000));
    short.sample(download(200, 100));
    long.sample(download(200, 2000));
    expect(short.estimate).toBeGreaterThan(long.estimate);
  });
});
