import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { InitSegment, PipelineItem, Segment } from '@ott/core';

/** Per-subscription rewriting of init and media segments. */
export interface OutputFileMapper {
  readonly init: (init: InitSegment) => PipelineItem;
  /** A promise lets the work finish off the main thread (e.g. AES on the thread pool); order is kept either way. */
  readonly segment: (segment: Segment) => PipelineItem | Promise<PipelineItem>;
}

/**
 * An operator that rewrites every init segment and media segment with a mapper made fresh for each subscription
 * (so per-track state never leaks between runs) and passes every other item through. A mapper that throws (or whose
 * promise rejects) fails the stream with that error.
 *
 * Items leave in arrival order. While a segment's promise is pending, later items wait behind it (their mappers still
 * run at once, so several segments can be in the works together), and the segment's bytes count on its `flow`: the
 * producer pauses when too much waits here, as it does for the sink.
 */
export function mapOutputFiles(makeMapper: () => OutputFileMapper): OperatorFunction<PipelineItem, PipelineItem> {
  return (source) =>
    new Observable<PipelineItem>((subscriber) => {
      const mapper = makeMapper();
      const queue: { value?: PipelineItem; pending?: Promise<PipelineItem> }[] = [];
      let upstreamDone = false;
      let failed = false;
      const fail = (error: unknown): void => {
        if (failed) return;
        failed = true;
        subscriber.error(error);
      };
      const drain = (): void => {
        while (!failed && queue.length > 0 && (queue[0] as { value?: PipelineItem }).value !== undefined) {
          subscriber.next((queue.shift() as { value: PipelineItem }).value);
        }
        if (!failed && upstreamDone && queue.length === 0) subscriber.complete();
      };
      const upstream = source.subscribe({
        next(item) {
          if (failed) return;
          try {
            if (item.type === 'init-segment') queue.push({ value: mapper.init(item) });
            else if (item.type === 'media-segment') {
              const mapped = mapper.segment(item);
              if (!(mapped instanceof Promise)) queue.push({ value: mapped });
              else {
                const slot: { value?: PipelineItem; pending?: Promise<PipelineItem> } = { pending: mapped };
                queue.push(slot);
                item.flow?.enqueue(item.byteLength);
                mapped.then(
                  (value) => {
                    item.flow?.done(item.byteLength);
                    slot.value = value;
                    drain();
                  },
                  (error: unknown) => {
                    item.flow?.done(item.byteLength);
                    fail(error);
                  },
                );
              }
            } else queue.push({ value: item });
          } catch (error) {
            fail(error);
            return;
          }
          drain();
        },
        error: (error: unknown) => fail(error),
        complete: () => {
          upstreamDone = true;
          drain();
        },
      });
      return () => {
        failed = true;
        upstream.unsubscribe();
      };
    });
}
