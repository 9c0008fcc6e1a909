import type { Readable } from 'node:stream';
import { Backpressure } from '@ott/core';

/**
 * The flow control of one ffmpeg run: while sinks hold more than the high-water mark (reported through the returned
 * {@link Backpressure}, which fragments carry as `flow`), every output pipe is paused and ffmpeg blocks on its write.
 * Returns the flow and the function that detaches it.
 */
export function pauseOnBackpressure(outputs: readonly Readable[], highWaterBytes: number | undefined): { readonly flow: Backpressure; readonly detach: () => void } {
  const flow = new Backpressure(highWaterBytes !== undefined ? { highWaterBytes } : {});
  const detach = flow.onChange((paused) => {
    for (const stream of outputs) {
      if (paused) stream.pause();
      else stream.resume();
    }
  });
  return { flow, detach };
}
