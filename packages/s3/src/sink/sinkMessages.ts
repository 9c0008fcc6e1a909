import { OttError } from '@ott/core';
import type { ResolvedS3Options } from '../S3SinkOptions.js';

/** `S3_SPOOL_FULL`: what happens while the spool is full and what to change. */
export function spoolFullMessage(options: ResolvedS3Options, bytes: number): string {
  return (
    `The spool folder ${options.spoolDir} is full (${bytes} of ${options.spoolMaxBytes} bytes) while S3 is unreachable: ` +
    'no more items are taken (the producer is paused through its flow) until uploads resume. Raise spool.maxBytes' +
    (options.overflow === 'backpressure' ? ", or use spool.overflow 'drop-oldest-parts' for LL live streams." : '.')
  );
}

/** `S3_SPOOL_NOT_DRAINED`: S3 did not come back before the shutdown timeout; where the rest is and how to finish. */
export function notDrainedError(options: ResolvedS3Options, pending: number, bytes: number): OttError {
  const { bucket, prefix, spoolDir, shutdownTimeoutMs } = options;
  return new OttError(
    'S3_SPOOL_NOT_DRAINED',
    `S3 bucket "${bucket}" was still unreachable ${shutdownTimeoutMs / 1000} s after the input ended (shutdownTimeoutMs): ${pending} ` +
      `operations (${bytes} bytes) wait in the spool folder ${spoolDir}, in order, and nothing is lost. When S3 is back, upload them with ` +
      `drainSpool({ dir: '${spoolDir}', client, bucket: '${bucket}', prefix: '${prefix}' }) from @ott/s3, or run a pipeline with the same spool.dir (it drains first).`,
    { stage: 'storage', details: { spoolDir, pending, bytes, bucket, prefix } },
  );
}
