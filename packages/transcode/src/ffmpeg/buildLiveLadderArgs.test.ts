import { describe, expect, it } from 'vitest';
import { fragmentDurations } from './buildLiveLadderArgs.js';

describe('fragmentDurations', () => {
  it.each([
    { fps: 30, part: 0.5, frames: 15 }, // 4 parts of 0.5 s
    { fps: 25, part: 0.5, frames: 12 }, // 12+12+12+12 and a last part of 2 frames (exempt from the 85 % rule)
    { fps: 30, part: 0.333, frames: 9 },
    { fps: 60, part: 1, frames: 60 },
  ])('cuts a 2 s GOP at $fps fps into parts of $frames frames for a $part s target', ({ fps, part, frames }) => {
    const { framesPerPart, videoUs } = fragmentDurations(2, part, fps);
    expect(framesPerPart).toBe(frames);
    expect(framesPerPart / fps).toBeLessThanOrEqual(part + 1e-9);
    // ffmpeg cuts once a fragment reaches frag_duration: half a frame under the wanted length cuts right at it.
    expect(videoUs / 1e6).toBeGreaterThan((frames - 1) / fps);
    expect(videoUs / 1e6).toBeLessThan(frames / fps);
  });
});
