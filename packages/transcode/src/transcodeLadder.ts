import { concatMap, of } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { Ladder, PipelineItem } from '@ott/core';
import { defaultLadder } from './ladder/defaultLadder.js';
import { runLadderJob } from './job/runLadderJob.js';
import type { TranscodeOptions } from './TranscodeOptions.js';

/**
 * The transcode stage: every {@link SourceInfo} item is encoded into the whole ladder by ONE ffmpeg process (decode
 * once, `split` + `scale` per rung, closed GOPs aligned across rungs) whose single-track fragmented MP4 outputs are
 * read from pipes and emitted as one `CmafInit` per rendition followed by its `CmafFragment`s, plus `progress`
 * events (stage `transcode`, about 4 per second, a last one at 100 %). Other items pass through. Sources are
 * processed one after another.
 *
 * Fragments carry a {@link Backpressure} as `flow`: when sinks report too many queued bytes the ffmpeg pipes are
 * paused (ffmpeg then blocks), so memory stays bounded. Unsubscribing kills ffmpeg. A non-zero exit becomes
 * `FFMPEG_FAILED` with the last stderr lines in `details.stderr`; a ladder that does not fit becomes `INVALID_LADDER`.
 *
 * @example
 * ```ts
 * fromFile('in.mp4').pipe(
 *   transcodeLadder(parseLadderSpec('720p,360p,audio'), { gopSeconds: 2, preset: 'veryfast' }),
 *   segmentCmaf({ segmentDuration: 4 }),
 * ).subscribe((item) => item.type === 'progress' && console.log(`${item.percent.toFixed(0)}%`));
 * ```
 */
export function transcodeLadder(ladder: Ladder = defaultLadder, options: TranscodeOptions = {}): OperatorFunction<PipelineItem, PipelineItem> {
  return (source) => source.pipe(concatMap((item) => (item.type === 'source' ? runLadderJob(item, ladder, options) : of(item))));
}
