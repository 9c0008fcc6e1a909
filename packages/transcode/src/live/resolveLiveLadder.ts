import type { Ladder, LiveInput, SourceInfo } from '@ott/core';
import { resolveLadder } from '../ladder/resolveLadder.js';
import type { ResolvedLadder } from '../ladder/ResolvedLadder.js';

/**
 * Fits a ladder to a live publisher from what the ingest knows before the first frame: rungs taller than a known
 * height are dropped (never upscale); with an unknown height every rung is kept. Audio is encoded unless the ingest
 * knows the publisher sends none (a video hint without an audio hint, e.g. RTMP metadata without audio).
 */
export function resolveLiveLadder(ladder: Ladder, input: LiveInput, defaultFrameRate = 30): ResolvedLadder {
  const hintHeight = input.video?.height;
  const tallest = Math.max(0, ...ladder.video.map((r) => r.height));
  const height = hintHeight !== undefined && hintHeight > 0 ? hintHeight : tallest;
  const width = input.video?.width ?? Math.round((height * 16) / 9);
  const noAudio = input.video !== undefined && input.audio === undefined;
  const source: SourceInfo = {
    type: 'source',
    url: `${input.protocol}:${input.streamKey}`,
    formatName: input.format,
    durationSeconds: 0,
    video: { index: 0, codec: input.video?.codec ?? 'unknown', width, height, frameRate: input.video?.frameRate ?? defaultFrameRate, displayAspectRatio: height > 0 ? width / height : 16 / 9 },
    ...(noAudio ? {} : { audio: { index: 1, codec: input.audio?.codec ?? 'unknown', sampleRate: input.audio?.sampleRate ?? 48_000, channels: input.audio?.channels ?? 2 } }),
  };
  return resolveLadder(ladder, source);
}
