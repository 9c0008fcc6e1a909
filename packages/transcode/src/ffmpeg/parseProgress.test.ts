import { describe, expect, it } from 'vitest';
import { createProgressParser } from './parseProgress.js';

describe('createProgressParser', () => {
  it('returns each block once it is complete, across chunk boundaries', () => {
    const parse = createProgressParser();
    expect(parse('frame=30\nfps=29.5\nout_time_us=1000000\nout_time=00:00:01.0')).toEqual([]);
    expect(parse('00000\nspeed=1.5x\nprogress=continue\nframe=60\nout_time_us=N/A\nspeed=N/A\nprogress=end\n')).toEqual([
      { end: false, outTimeSeconds: 1, frame: 30, fps: 29.5, speed: 1.5 },
      { end: true, frame: 60 },
    ]);
  });
});
