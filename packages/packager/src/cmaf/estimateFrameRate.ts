import type { CmafSample } from '@ott/core';

/**
 * Frames per second of a run of video samples (count / duration), snapped to the nearest integer or NTSC
 * (N × 1000/1001) rate when within 0.01 fps. Fragmented MP4 carries no frame rate (its `moov` has no samples), but
 * manifests should announce one (`FRAME-RATE`, RFC 8216bis §4.4.6.2; DASH `@frameRate`). `undefined` if unknown.
 */
export function estimateFrameRate(samples: readonly CmafSample[], timescale: number): number | undefined {
  let duration = 0;
  for (const sample of samples) duration += sample.duration;
  if (samples.length < 2 || duration <= 0) return undefined;
  const fps = (samples.length * timescale) / duration;
  const whole = Math.round(fps);
  if (Math.abs(fps - whole) < 0.01) return whole;
  const ntsc = (Math.round((fps * 1001) / 1000) * 1000) / 1001;
  if (Math.abs(fps - ntsc) < 0.01) return ntsc;
  return Math.round(fps * 1000) / 1000;
}
