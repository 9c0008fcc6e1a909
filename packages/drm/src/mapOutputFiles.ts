import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { InitSegment, PipelineItem, Segment } from '@ott/core';

/** Per-subscription rewriting of init and media segments. */
export interface OutputFileMapper {
  readonly init: (init: InitSegment) => PipelineItem;
  readonly segment: (segment: Segment) => PipelineItem;
}

/**
 * An operator that rewrites every init segment and media segment with a mapper made fresh for each subscription
 * (so per-track state never leaks between runs) and passes every other item through. A mapper that throws fails
 * the stream with that error.
 */
export function mapOutputFiles(makeMapper: () => OutputFileMapper): OperatorFunction<PipelineItem, PipelineItem> {
  return (source) =>
    new Observable<PipelineItem>((subscriber) => {
      const mapper = makeMapper();
      return source.subscribe({
        next(item) {
          try {
            if (item.type === 'init-segment') subscriber.next(mapper.init(item));
            else if (item.type === 'media-segment') subscriber.next(mapper.segment(item));
            else subscriber.next(item);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
