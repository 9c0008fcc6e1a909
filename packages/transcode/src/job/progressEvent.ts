import type { ProgressEvent } from '@ott/core';
import type { ProgressBlock } from '../ffmpeg/parseProgress.js';

/** A transcode {@link ProgressEvent} from one ffmpeg `-progress` block: percent of the source duration, fps, speed, ETA. */
export function progressEvent(block: ProgressBlock, totalSeconds: number): ProgressEvent {
  const processed = block.outTimeSeconds ?? 0;
  const known = totalSeconds > 0;
  const percent = known ? Math.min(100, Math.max(0, (processed / totalSeconds) * 100)) : 0;
  const eta = known && block.speed !== undefined && block.speed > 0 ? Math.max(0, totalSeconds - processed) / block.speed : undefined;
  return {
    type: 'progress',
    stage: 'transcode',
    percent,
    processedSeconds: processed,
    ...(known ? { totalSeconds } : {}),
    ...(block.fps !== undefined ? { fps: block.fps } : {}),
    ...(block.speed !== undefined ? { speed: block.speed } : {}),
    ...(eta !== undefined ? { etaSeconds: eta } : {}),
  };
}
