import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { isPipelineEvent, isPublishItem } from '@ott/core';
import type { PipelineEvent, PipelineItem } from '@ott/core';
import { toS3Client } from './client/createS3Client.js';
import { S3Store } from './client/S3Store.js';
import { resolveS3Options } from './S3SinkOptions.js';
import type { ToS3Options } from './S3SinkOptions.js';
import { S3Sink } from './sink/S3Sink.js';

/**
 * The S3 sink: the same contract as `toFolder`, with a bucket instead of a folder. Init segments, segments and LL
 * parts are uploaded as they come (`concurrency` at once; multipart from `multipartThreshold` on), each manifest
 * only once every object before it is in the bucket (a manifest never names a missing object, and a later version
 * never overtakes an earlier one), removals after the manifests that stopped listing the file. A `segment` or
 * `manifest` event is emitted once the object is in the bucket; other events pass through. Queued bytes are reported
 * to the producer's `flow`, which pauses it while uploads lag.
 *
 * When S3 is unreachable (network error, timeout, HTTP 5xx), the sink warns (`S3_OUTAGE`) and spools: the item and
 * every later one are written in order to `spool.dir` (files plus a journal, so the order survives a crash), a
 * prober retries with backoff, and once S3 answers the spool drains in order (objects first, then only the newest
 * version of each manifest, then removals) and uploads go straight to S3 again (`S3_RECOVERED`). A full spool
 * (`spool.maxBytes`) warns (`S3_SPOOL_FULL`) and stops taking items, which pauses the producer; nothing is dropped
 * silently. On completion the sink waits up to `shutdownTimeoutMs` for the spool to drain; if S3 does not come back
 * it fails with `S3_SPOOL_NOT_DRAINED`, the spool folder holding the rest for {@link drainSpool}. A request S3
 * refuses (403, no such bucket) fails at once with `S3_UPLOAD_FAILED`.
 *
 * @example
 * ```ts
 * declare const live: Observable<LiveStreamItem>, ladder: Ladder, s3: S3ClientLike;
 * live.pipe(transcodeLive(ladder), packageLive(), toS3({ client: s3, bucket: 'media', prefix: 'live/cam1' }))
 *   .subscribe((event) => console.log(event.type));
 * ```
 */
export function toS3(options: ToS3Options): OperatorFunction<PipelineItem, PipelineEvent> {
  const resolved = resolveS3Options(options);
  return (source) =>
    new Observable<PipelineEvent>((subscriber) => {
      const client = toS3Client(options.client);
      const store = new S3Store(client, resolved);
      const sink = new S3Sink(store, resolved, subscriber);
      const upstream = source.subscribe({
        next(item) {
          if (isPublishItem(item)) sink.accept(item);
          else if (isPipelineEvent(item)) subscriber.next(item);
        },
        error: (error: unknown) => sink.fail(error),
        complete: () => sink.complete(),
      });
      return () => {
        upstream.unsubscribe();
        sink.cancel();
        // A client made here from connection settings is ours to close (its keep-alive sockets).
        if (client !== options.client) client.destroy();
      };
    });
}
