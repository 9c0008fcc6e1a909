import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { toS3Client } from '../client/createS3Client.js';
import type { S3ClientLike, S3Connection } from '../client/createS3Client.js';
import { normalizePrefix } from '@ott/core';
import { objectKey } from '../client/objectKey.js';

/** Options of {@link createS3Source}. */
export interface S3SourceOptions {
  readonly client: S3ClientLike | S3Connection;
  readonly bucket: string;
  /** Key prefix the paths are relative to (the sink's `prefix`). */
  readonly prefix?: string;
}

/** Size and validators of one object version. */
export interface S3ObjectInfo {
  readonly size: number;
  /** The object's ETag, quoted as S3 sends it. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType?: string;
  readonly cacheControl?: string;
}

/** A byte range, inclusive at both ends. */
export interface S3ByteRange {
  readonly start: number;
  readonly end: number;
}

/** An object being read: its info, the bytes (all, or the range asked for) and which range they are. */
export interface S3ObjectRead {
  readonly info: S3ObjectInfo;
  readonly body: Readable;
  /** The range returned, when a range was asked for and honoured. */
  readonly range?: S3ByteRange;
}

/** One object of a listing. */
export interface S3ListedObject {
  /** Path relative to the prefix. */
  readonly path: string;
  readonly size: number;
}

/** Reads the files a sink wrote to a bucket, by path relative to its prefix (as a folder origin reads a folder). */
export interface S3Source {
  readonly bucket: string;
  readonly prefix: string;
  /** Size and validators, or `undefined` when there is no such object. */
  head(path: string): Promise<S3ObjectInfo | undefined>;
  /** The object's bytes (a single range: `bytes=start-end`, `bytes=start-`, `bytes=-suffix`), or `undefined` when missing. */
  get(path: string, range?: string): Promise<S3ObjectRead | undefined>;
  exists(path: string): Promise<boolean>;
  /** Every object under `folder` (default: the whole prefix), paths relative to the prefix, in key order. */
  list(folder?: string): Promise<S3ListedObject[]>;
  /** Closes the client if this source made it. */
  destroy(): void;
}

/**
 * An S3-backed file reader for origins and tools: `head` (size, ETag, Last-Modified), `get` with a byte range,
 * `exists` and `list`. Paths are checked like the sink checks them (relative, no `..`), so a path never reads
 * outside the prefix.
 *
 * @example
 * ```ts
 * declare const s3: S3ClientLike;
 * const source = createS3Source({ client: s3, bucket: 'media', prefix: 'live/cam1' });
 * const master = await source.get('master.m3u8');
 * ```
 */
export function createS3Source(options: S3SourceOptions): S3Source {
  const client = toS3Client(options.client);
  const bucket = options.bucket;
  const prefix = normalizePrefix(options.prefix ?? '');
  const head = async (path: string): Promise<S3ObjectInfo | undefined> => {
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(prefix, path) }));
      return infoOf(out.ContentLength ?? 0, out);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  };
  return {
    bucket,
    prefix,
    head,
    async get(path, range) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(prefix, path), ...(range === undefined ? {} : { Range: range }) }));
        const parsed = parseContentRange(out.ContentRange);
        const size = parsed?.size ?? out.ContentLength ?? 0;
        return { info: infoOf(size, out), body: out.Body as Readable, ...(parsed === undefined ? {} : { range: parsed.range }) };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async exists(path) {
      return (await head(path)) !== undefined;
    },
    async list(folder) {
      const base = folder === undefined || folder === '' ? prefix : objectKey(prefix, folder);
      const listPrefix = base === '' ? '' : `${base}/`;
      const strip = prefix === '' ? 0 : prefix.length + 1;
      const found: S3ListedObject[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: listPrefix, ...(token === undefined ? {} : { ContinuationToken: token }) }));
        for (const object of out.Contents ?? []) if (object.Key !== undefined) found.push({ path: object.Key.slice(strip), size: object.Size ?? 0 });
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token !== undefined);
      return found;
    },
    destroy() {
      if (client !== options.client) client.destroy();
    },
  };
}

interface ObjectHeaders {
  readonly ETag?: string;
  readonly LastModified?: Date;
  readonly ContentType?: string;
  readonly CacheControl?: string;
}

function infoOf(size: number, out: ObjectHeaders): S3ObjectInfo {
  return {
    size,
    etag: out.ETag ?? '""',
    lastModified: out.LastModified ?? new Date(0),
    ...(out.ContentType === undefined ? {} : { contentType: out.ContentType }),
    ...(out.CacheControl === undefined ? {} : { cacheControl: out.CacheControl }),
  };
}

/** `bytes 0-99/1000` → the range and the full size. */
function parseContentRange(header: string | undefined): { range: S3ByteRange; size: number } | undefined {
  const match = header === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  if (match === null) return undefined;
  return { range: { start: Number(match[1]), end: Number(match[2]) }, size: Number(match[3]) };
}

/** `NoSuchKey` (GET) and `NotFound` (HEAD, no body) both mean "no such object". */
export function isMissing(error: unknown): boolean {
  const shape = error as { name?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
  return shape?.name === 'NoSuchKey' || shape?.name === 'NotFound' || shape?.$metadata?.httpStatusCode === 404;
}
