import { Observable } from 'rxjs';
import type { SourceInfo } from '@ott/core';
import { probe } from './probe.js';
import type { ProbeOptions } from './probe.js';

/** Options of {@link fromFile}. */
export type FromFileOptions = Omit<ProbeOptions, 'signal'>;

/**
 * A file (or URL) as the start of a pipeline: a cold observable that probes the input when subscribed, emits its
 * {@link SourceInfo} once and completes. Probing errors arrive as {@link OttError}s (stage `ingest`); unsubscribing
 * kills a running ffprobe.
 *
 * @example
 * ```ts
 * fromFile('in.mp4').pipe(
 *   transcodeLadder(defaultLadder),
 *   segmentCmaf({ segmentDuration: 4 }),
 * ).subscribe({ next: (item) => console.log(item.type), error: (e) => console.error(e.message) });
 * ```
 */
export function fromFile(pathOrUrl: string, options: FromFileOptions = {}): Observable<SourceInfo> {
  return new Observable<SourceInfo>((subscriber) => {
    const controller = new AbortController();
    probe(pathOrUrl, { ...options, signal: controller.signal }).then(
      (info) => {
        subscriber.next(info);
        subscriber.complete();
      },
      (error: unknown) => {
        if (!controller.signal.aborted) subscriber.error(error);
      },
    );
    return () => controller.abort();
  });
}
