import { concatBytes, mimeTypeOf, OttError } from '@ott/core';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ResolvedS3Options, S3FileKind } from '../S3SinkOptions.js';
import { describeS3Error, isRetryableS3Error } from './isRetryableS3Error.js';

/** Bytes of an object: in memory (chunks written back to back) or a range of a spool file. */
export type ObjectBody =
  | { readonly type: 'bytes'; readonly chunks: readonly Uint8Array[] }
  | { readonly type: 'file'; readonly file: string; readonly start: number; readonly length: number };

/** One object to upload. */
export interface StoreObject {
  readonly key: string;
  readonly kind: S3FileKind;
  readonly size: number;
  readonly body: ObjectBody;
}

/** Thrown by {@link S3Store} when S3 is unreachable (network, timeout, 5xx) after every try: the caller spools. */
export class S3Unavailable extends Error {
  override readonly name = 'S3Unavailable';
}

/**
 * The S3 calls of the sink: puts (single request, or a lib-storage multipart `Upload` from `multipartThreshold` on)
 * with the per-kind `Cache-Control`, ACL and `Content-Type`, deletes, and a bucket probe. Each call is tried
 * `attempts` times with a per-request timeout; an unreachable service ends in {@link S3Unavailable}, a refused
 * request (403, 404 bucket, 400) in an `S3_UPLOAD_FAILED` {@link OttError}.
 */
export class S3Store {
  readonly #client: S3Client;
  readonly #options: ResolvedS3Options;
  readonly #aborts = new Set<AbortController>();

  constructor(client: S3Client, options: ResolvedS3Options) {
    this.#client = client;
    this.#options = options;
  }

  get bucket(): string {
    return this.#options.bucket;
  }

  /** Uploads one object. */
  async put(object: StoreObject): Promise<void> {
    let body = object.body;
    if (body.type === 'file' && object.size < this.#options.multipartThreshold) {
      // A small spooled object is read once, before the tries: a spool problem is not an S3 problem.
      body = { type: 'bytes', chunks: [await readSpoolRange(body.file, body.start, body.length)] };
    }
    const ready = { ...object, body };
    await this.#tryAll(`upload "${object.key}"`, (signal, touch) => this.#putOnce(ready, signal, touch));
  }

  /** Deletes one object (a missing object is fine: S3 deletes are idempotent). */
  async remove(key: string): Promise<void> {
    await this.#tryAll(`delete "${key}"`, (signal) => this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal }));
  }

  /** One `HeadBucket`: resolves when the bucket answers, throws {@link S3Unavailable} or a fatal error otherwise. */
  async probe(): Promise<void> {
    await this.#withTimeout((signal) => this.#client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: signal }), `reach bucket ${this.bucket}`);
  }

  /** Aborts every request in flight (shutdown, cancellation). */
  abortAll(): void {
    for (const controller of this.#aborts) controller.abort();
  }

  async #tryAll(what: string, call: (signal: AbortSignal, touch: () => void) => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#withTimeout(call, what);
        return;
      } catch (error) {
        if (!(error instanceof S3Unavailable) || attempt >= this.#options.attempts) throw error;
        await delay(Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  /** Runs one call with an idle timeout (`touch` restarts it: multipart progress) and maps its failure. */
  async #withTimeout(call: (signal: AbortSignal, touch: () => void) => Promise<unknown>, what: string): Promise<void> {
    const controller = new AbortController();
    this.#aborts.add(controller);
    let timer: NodeJS.Timeout | undefined;
    const touch = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), this.#options.timeoutMs);
    };
    touch();
    try {
      await call(controller.signal, touch);
    } catch (error) {
      if (isRetryableS3Error(error) || controller.signal.aborted) {
        throw new S3Unavailable(`could not ${what} in bucket ${this.bucket}: ${describeS3Error(error)}`, { cause: error });
      }
      throw new OttError(
        'S3_UPLOAD_FAILED',
        `S3 refused to ${what} in bucket "${this.bucket}": ${describeS3Error(error)}. Check the bucket name, the ` +
          'endpoint and region, and that the credentials may s3:PutObject and s3:DeleteObject there.',
        { stage: 'storage', cause: error, details: { bucket: this.bucket } },
      );
    } finally {
      clearTimeout(timer);
      this.#aborts.delete(controller);
    }
  }

  async #putOnce(object: StoreObject, signal: AbortSignal, touch: () => void): Promise<void> {
    const params = this.#paramsOf(object);
    if (object.size < this.#options.multipartThreshold) {
      const body = object.body.type === 'bytes' ? concatBytes(object.body.chunks) : await readSpoolRange(object.body.file, object.body.start, object.body.length);
      await this.#client.send(new PutObjectCommand({ ...params, Body: body, ContentLength: body.byteLength }), { abortSignal: signal });
      return;
    }
    const body =
      object.body.type === 'bytes'
        ? Readable.from(object.body.chunks.filter((chunk) => chunk.byteLength > 0).map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)))
        : createReadStream(object.body.file, { start: object.body.start, end: object.body.start + object.body.length - 1 });
    const abortController = new AbortController();
    signal.addEventListener('abort', () => abortController.abort(), { once: true });
    const upload = new Upload({
      client: this.#client,
      params: { ...params, Body: body },
      partSize: this.#options.partSize,
      queueSize: 2,
      leavePartsOnError: false,
      abortController,
    });
    upload.on('httpUploadProgress', touch);
    try {
      await upload.done();
    } finally {
      body.destroy();
    }
  }

  #paramsOf(object: StoreObject): PutObjectCommandInput {
    const { kind } = object;
    const acl = this.#options.acl[kind];
    return {
      Bucket: this.bucket,
      Key: object.key,
      ContentType: this.#options.contentType[kind] ?? mimeTypeOf(object.key).type,
      CacheControl: this.#options.cacheControl[kind],
      ...(acl === undefined ? {} : { ACL: acl }),
    };
  }
}

/** Reads `length` bytes of a spool file from `start`; a missing or short file is an `S3_SPOOL_FAILED` error. */
async function readSpoolRange(file: string, start: number, length: number): Promise<Uint8Array> {
  try {
    return await readRange(file, start, length);
  } catch (error) {
    throw new OttError('S3_SPOOL_FAILED', `Could not read the spooled object ${file}: ${error instanceof Error ? error.message : String(error)}.`, {
      stage: 'storage',
      cause: error,
      details: { file },
    });
  }
}

async function readRange(file: string, start: number, length: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buffer, read, length - read, start + read);
      if (bytesRead === 0) throw new Error(`spool file ${file} is shorter than expected (${start + read} < ${start + length} bytes)`);
      read += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
