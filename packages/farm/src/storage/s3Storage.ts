import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { from, switchMap } from 'rxjs';
import { OttError, concatBytes } from '@ott/core';
import { checkKey } from './checkKey.js';
import type * as S3 from '@ott/s3';
import type { S3Source, S3Writer } from '@ott/s3';
import type { FarmStorage, PendingObject, S3StorageSpec } from './FarmStorage.js';

/** Largest object `read` takes into memory (chunk outputs are tens of MB; a bigger one is not ours). */
const MAX_READ_BYTES = 2 * 1024 ** 3;


/** @ott/s3 (and the AWS SDK) load on first use: a farm on a shared folder never pays for them. */
async function loadS3(): Promise<typeof S3> {
  try {
    return await import('@ott/s3');
  } catch (error) {
    throw new OttError('QUEUE_INVALID_JOB', 'This job stores to S3 but @ott/s3 is not installed on this worker: npm install @ott/s3.', { stage: 'transcode', cause: error });
  }
}

/**
 * {@link FarmStorage} on an S3 bucket (or any S3-speaking service), for farms whose workers share no folder. A write
 * goes to a local temp file and is uploaded on `commit` (one PUT, or a multipart upload for big chunks), so a reader
 * sees an object whole or not at all and a redo overwrites it; `clear` deletes every object under the prefix. The
 * sink is `toS3` (manifests after the objects they list, the outage spool on the worker's disk).
 *
 * @example
 * ```ts
 * const work = s3Storage({ kind: 's3', bucket: 'media', prefix: 'films/one/.ott-farm/job-1', endpoint: 'http://127.0.0.1:9000' });
 * const pending = await work.create('video_720p/chunk-00000.mp4');
 * ```
 */
export function s3Storage(spec: S3StorageSpec): FarmStorage {
  const connection = {
    ...(spec.endpoint === undefined ? {} : { endpoint: spec.endpoint }),
    ...(spec.region === undefined ? {} : { region: spec.region }),
    ...(spec.forcePathStyle === undefined ? {} : { forcePathStyle: spec.forcePathStyle }),
  };
  const location = { bucket: spec.bucket, prefix: spec.prefix };
  const withWriter = async <T>(use: (writer: S3Writer) => Promise<T>): Promise<T> => {
    const writer = (await loadS3()).createS3Writer({ client: connection, ...location });
    try {
      return await use(writer);
    } finally {
      writer.destroy();
    }
  };
  const withSource = async <T>(use: (source: S3Source) => Promise<T>): Promise<T> => {
    const source = (await loadS3()).createS3Source({ client: connection, ...location });
    try {
      return await use(source);
    } finally {
      source.destroy();
    }
  };
  return {
    spec,
    has: async (key) => withSource((source) => source.exists(checkKey(key))),
    read: async (key) =>
      withSource(async (source) => {
        const object = await source.get(checkKey(key));
        if (object === undefined) throw new OttError('QUEUE_JOB_FAILED', `s3://${spec.bucket}/${spec.prefix}/${key} is missing: a task before this one did not store it.`, { stage: 'transcode' });
        if (object.info.size > MAX_READ_BYTES) throw new OttError('QUEUE_JOB_FAILED', `${key} is ${object.info.size} bytes, more than a farm piece may be (${MAX_READ_BYTES}).`, { stage: 'transcode' });
        const chunks: Uint8Array[] = [];
        for await (const chunk of object.body) chunks.push(chunk as Uint8Array);
        return concatBytes(chunks); // one copy of a chunk piece the stitch reads once
      }),
    create: async (key) => {
      const path = checkKey(key);
      const temp = join(tmpdir(), `ott-farm-${process.pid}-${randomBytes(6).toString('hex')}.part`);
      const stream = createWriteStream(temp, { flags: 'wx' });
      const pending: PendingObject = {
        stream,
        commit: async () => {
          try {
            await finished(stream);
            await withWriter((writer) => writer.put(path, { file: temp }));
          } finally {
            await unlink(temp).catch(() => undefined);
          }
        },
        abort: async () => {
          stream.destroy();
          await finished(stream).catch(() => undefined);
          await unlink(temp).catch(() => undefined);
        },
      };
      return pending;
    },
    clear: async () => {
      await withWriter((writer) => writer.removeAll());
    },
    sink: () => (source) => from(loadS3()).pipe(switchMap(({ toS3 }) => source.pipe(toS3({ client: connection, ...location })))),
  };
}
