import { concatMap, connect, filter, merge } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { Ladder, LiveInput, PipelineItem } from '@ott/core';
import { defaultLadder } from './ladder/defaultLadder.js';
import { LiveTimeline } from './live/LiveTimeline.js';
import type { LiveTranscodeOptions } from './live/LiveTranscodeOptions.js';
import { runLiveSession } from './live/runLiveSession.js';

/**
 * The live transcode stage: every `live-input` (a publisher session from `@ott/ingest`) is encoded into the ladder by
 * one ffmpeg with low-latency settings, and the sessions of a stream are laid end to end on ONE continuous timeline.
 * Before a session's first init it emits a `live-session` item (`discontinuity: true` from the second session on, and
 * the wall clock of its first byte for PROGRAM-DATE-TIME), then `CmafInit` per rendition and `CmafFragment`s of about
 * `partSeconds`. A publisher that drops mid-session ends its session with a `warning`, not an error: the stream goes on
 * with the next session. Events (`publisher`, `stream-health`, …) pass through at once; sessions run one at a time.
 * Completes when its source completes (the ingest's grace period ran out) and the last session has flushed.
 *
 * @example
 * ```ts
 * declare const server: RtmpServer;
 * server.streams.subscribe((stream) =>
 *   stream.items.pipe(transcodeLive(parseLadderSpec('720p,360p,audio'), { partSeconds: 0.5 }), packageLive({ ll: true }), toFolder(`out/${stream.streamKey}`)).subscribe(),
 * );
 * ```
 */
export function transcodeLive(ladder: Ladder = defaultLadder, options: LiveTranscodeOptions = {}): OperatorFunction<PipelineItem, PipelineItem> {
  const isInput = (item: PipelineItem): item is LiveInput => item.type === 'live-input';
  return (source) => {
    const timeline = new LiveTimeline();
    // connect(): both branches subscribe before the source starts, so a hot source's first items reach both.
    return source.pipe(
      connect((shared) =>
        merge(
          shared.pipe(filter((item) => !isInput(item))),
          shared.pipe(
            filter(isInput),
            concatMap((input) => runLiveSession(input, ladder, timeline, options)),
          ),
        ),
      ),
    );
  };
}
