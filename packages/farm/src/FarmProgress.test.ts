import { describe, expect, it } from 'vitest';
import { FarmProgress } from './FarmProgress.js';

const tasks = [
  { taskId: 'big', weight: 0.6, seconds: 30 },
  { taskId: 'small', weight: 0.3, seconds: 30 },
  { taskId: 'stitch', weight: 0.1, seconds: 60 },
];

function clock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('FarmProgress', () => {
  it('weights each task’s fraction done and ends at exactly 100 % when every task completed', () => {
    const progress = new FarmProgress(tasks, 60, clock().now);
    progress.update('big', { processedSeconds: 15 });
    expect(progress.event().percent).toBeCloseTo(30, 6);
    progress.update('stitch', { fraction: 0.5 });
    expect(progress.event().percent).toBeCloseTo(35, 6);
    for (const t of tasks) progress.complete(t.taskId);
    expect(progress.event()).toMatchObject({ type: 'progress', stage: 'transcode', percent: 100, processedSeconds: 60, totalSeconds: 60 });
  });

  it('never moves a task backwards (a redo restarts at 0) and ignores unknown tasks and malformed reports', () => {
    const progress = new FarmProgress(tasks, 60, clock().now);
    progress.update('big', { processedSeconds: 20 });
    progress.update('big', { processedSeconds: 2 });
    progress.update('nope', { processedSeconds: 30 });
    progress.update('small', 'garbage');
    progress.update('small', { processedSeconds: Number.NaN });
    expect(progress.event().percent).toBeCloseTo(40, 6);
  });

  it('sums the fps of encodes that reported recently, and estimates the time left from the rate since watching began', () => {
    const time = clock();
    const progress = new FarmProgress(tasks, 60, time.now);
    expect(progress.event().etaSeconds).toBeUndefined();
    time.advance(10_000);
    progress.update('big', { processedSeconds: 15, fps: 100 });
    progress.update('small', { processedSeconds: 10, fps: 50 });
    const event = progress.event(); // 40 % in 10 s
    expect(event.fps).toBe(150);
    expect(event.etaSeconds).toBeCloseTo(15, 6);
    expect(event.speed).toBeCloseTo(2.4, 6);
    time.advance(6000);
    progress.update('small', { processedSeconds: 12, fps: 40 });
    expect(progress.event().fps).toBe(40); // the big task's report is stale
  });
});
