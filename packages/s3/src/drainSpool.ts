import { OttError } from '@ott/core';
import type { ManifestEvent, SegmentEvent } from '@ott/core';
import { toS3Client } from './client/createS3Client.js';
import type { S3ClientLike, S3Connection } from './client/createS3Client.js';
import { describeS3Error } from './client/isRetryableS3Error.js';
import { S3Store, S3Unavailable } from './client/S3Store.js';
import { resolveS3Options } from './S3SinkOptions.js';
import type { ToS3Options } from './S3SinkOptions.js';
import { drainBatch } from './spool/drainBatch.js';
import { Spool } from './spool/Spool.js';

/** Options of {@link drainSpool}: where the spool is and the sink settings it was written with. */
export interface DrainSpoolOptions extends Pick<ToS3Options, 'prefix' | 'cacheControl' | 'acl' | 'contentType' | 'multipartThreshold' | 'partSize' | 'concurrency' | 'retry'> {
  /** The spool folder (`spool.dir` of the sink, or the folder an `S3_SPOOL_NOT_DRAINED` error named). */
  readonly dir: string;
  readonly client: S3ClientLike | S3Connection;
  readonly bucket: string;
  /** How long to keep retrying while S3 is unreachable, in ms (default 0: one pass, then fail). */
  readonly timeoutMs?: number;
}

/** What {@link drainSpool} did. */
export interface DrainSpoolResult {
  /** Spooled operations finished (uploaded, deleted, or made unnecessary by a later one). */
  readonly finished: number;
  /** `segment` and `manifest` events of the objects uploaded, in upload order. */
  readonly events: readonly (SegmentEvent | ManifestEvent)[];
}

/**
 * Uploads what a spool folder holds, in the sink's order (objects, then the newest version of each manifest, then
 * removals), and leaves it empty: the way to finish a run that ended with `S3_SPOOL_NOT_DRAINED`, or a run that
 * crashed during an outage. The spool must belong to this bucket and prefix (`spool.json`).
 *
 * @example
 * ```ts
 * declare const s3: S3ClientLike;
 * const { finished } = await drainSpool({ dir: '/var/spool/ott', client: s3, bucket: 'media', prefix: 'live/cam1' });
 * ```
 */
export async function drainSpool(options: DrainSpoolOptions): Promise<DrainSpoolResult> {
  const resolved = resolveS3Options({ ...options, spool: { dir: options.dir } });
  const client = toS3Client(options.client);
  const store = new S3Store(client, resolved);
  const deadline = Date.now() + (options.timeoutMs ?? 0);
  const events: (SegmentEvent | ManifestEvent)[] = [];
  let finished = 0;
  let wait = resolved.baseDelayMs;
  try {
    const spool = await Spool.open(resolved.spoolDir, { bucket: resolved.bucket, prefix: resolved.prefix });
    while (spool.size > 0) {
      try {
        finished += await drainBatch(spool.snapshot(), { store, spool, concurrency: resolved.concurrency, onEvent: (event) => events.push(event) });
      } catch (error) {
        if (!(error instanceof S3Unavailable)) throw error;
        if (Date.now() + wait > deadline) {
          throw new OttError(
            'S3_SPOOL_NOT_DRAINED',
            `S3 bucket "${resolved.bucket}" is unreachable (${describeS3Error(error.cause ?? error)}): ${spool.size} operations still wait in ` +
              `${resolved.spoolDir}. Run drainSpool again when S3 is back (or pass a longer timeoutMs).`,
            { stage: 'storage', cause: error, details: { spoolDir: resolved.spoolDir, pending: spool.size, bytes: spool.bytes } },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(resolved.maxDelayMs, wait * 2);
      } finally {
        spool.unlock();
      }
      await spool.compact();
    }
    return { finished, events };
  } finally {
    if (client !== options.client) client.destroy();
  }
}
