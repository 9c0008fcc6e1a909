import { stat } from 'node:fs/promises';
import { toS3Client } from '../client/createS3Client.js';
import { objectKey } from '../client/objectKey.js';
import { S3Store } from '../client/S3Store.js';
import { resolveS3Options } from '../S3SinkOptions.js';
import type { S3FileKind, ToS3Options } from '../S3SinkOptions.js';
import { createS3Source } from '../source/createS3Source.js';

/** Options of {@link createS3Writer}: the sink's connection, bucket, prefix, headers, multipart and retry settings. */
export type S3WriterOptions = Pick<ToS3Options, 'client' | 'bucket' | 'prefix' | 'cacheControl' | 'acl' | 'contentType' | 'multipartThreshold' | 'partSize' | 'retry'>;

/**
 * Single-object writes to a bucket, by path relative to the prefix: what a job store needs besides the `toS3` sink
 * (a worker's intermediate files, a key file). Each call has the sink's retries and timeouts; a file at or above
 * `multipartThreshold` goes up as a multipart upload, read from disk part by part.
 */
export interface S3Writer {
  readonly bucket: string;
  readonly prefix: string;
  /** Stores bytes, or the contents of a local file, under `path` (an object is visible whole or not at all). */
  put(path: string, body: Uint8Array | { readonly file: string }, kind?: S3FileKind): Promise<void>;
  /** Deletes one object (missing is fine). */
  remove(path: string): Promise<void>;
  /** Deletes every object under `folder` (default: the whole prefix); returns how many. */
  removeAll(folder?: string): Promise<number>;
  /** Closes the client if this writer made it. */
  destroy(): void;
}

/**
 * Makes an {@link S3Writer}.
 *
 * @example
 * ```ts
 * const writer = createS3Writer({ client: { endpoint: 'http://127.0.0.1:9000' }, bucket: 'media', prefix: 'vod/film' });
 * await writer.put('notes.txt', new TextEncoder().encode('hello'));
 * writer.destroy();
 * ```
 */
export function createS3Writer(options: S3WriterOptions): S3Writer {
  const resolved = resolveS3Options(options);
  const client = toS3Client(options.client);
  const store = new S3Store(client, resolved);
  const source = createS3Source({ client, bucket: resolved.bucket, prefix: resolved.prefix });
  const key = (path: string): string => objectKey(resolved.prefix, path);
  return {
    bucket: resolved.bucket,
    prefix: resolved.prefix,
    async put(path, body, kind = 'segment') {
      if (body instanceof Uint8Array) {
        await store.put({ key: key(path), kind, size: body.byteLength, body: { type: 'bytes', chunks: [body] } });
        return;
      }
      const { size } = await stat(body.file);
      await store.put({ key: key(path), kind, size, body: { type: 'file', file: body.file, start: 0, length: size } });
    },
    remove: (path) => store.remove(key(path)),
    async removeAll(folder) {
      const objects = await source.list(folder);
      for (let i = 0; i < objects.length; i += 8) {
        await Promise.all(objects.slice(i, i + 8).map((object) => store.remove(key(object.path))));
      }
      return objects.length;
    },
    destroy() {
      store.abortAll();
      if (client !== options.client) client.destroy();
    },
  };
}
