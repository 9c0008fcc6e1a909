import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { OttError } from '@ott/core';
import { toS3Client } from '../client/createS3Client.js';
import { describeS3Error } from '../client/isRetryableS3Error.js';
import { createS3Source } from '../source/createS3Source.js';
import type { S3SourceOptions } from '../source/createS3Source.js';
import { createS3Origin } from './createS3Origin.js';
import type { S3Origin, S3OriginOptions } from './createS3Origin.js';

/** Options of {@link startS3Origin}: what to serve ({@link S3OriginOptions} with a client and bucket) and where to listen. */
export interface StartS3OriginOptions extends Omit<S3OriginOptions, 'source' | keyof S3SourceOptions>, S3SourceOptions {
  /** TCP port (default 0: any free port; read it from `url`). */
  readonly port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
}

/** A listening S3 origin. */
export interface RunningS3Origin {
  /** Base URL, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly origin: S3Origin;
  /** Stops listening and closes connections (open downloads get one second) and the S3 client. */
  close(): Promise<void>;
}

/**
 * Checks that the bucket answers, then serves it over HTTP (see {@link createS3Origin}) with the same server limits
 * as `@ott/origin`'s `startOrigin` (header and request timeouts, a header size limit).
 *
 * @example
 * ```ts
 * const origin = await startS3Origin({ client: { endpoint: 'http://127.0.0.1:9000' }, bucket: 'media', prefix: 'vod', port: 8080 });
 * console.log(`${origin.url}master.m3u8`);
 * ```
 */
export async function startS3Origin(options: StartS3OriginOptions): Promise<RunningS3Origin> {
  const client = toS3Client(options.client);
  try {
    await client.send(new HeadBucketCommand({ Bucket: options.bucket }));
  } catch (cause) {
    if (client !== options.client) client.destroy();
    throw new OttError(
      'ORIGIN_ROOT_INVALID',
      `cannot read bucket "${options.bucket}": ${describeS3Error(cause)}. Check the bucket name, the endpoint (--s3-endpoint) and the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).`,
      { stage: 'origin', cause },
    );
  }
  const source = createS3Source({ ...options, client });
  const origin = createS3Origin({ ...options, source });
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000, maxHeaderSize: 16 * 1024, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 }, origin);
  server.setTimeout(120_000, (socket) => socket.destroy());
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const fail = (cause: Error): void => {
      if (client !== options.client) client.destroy();
      reject(new OttError('ORIGIN_LISTEN_FAILED', `cannot listen on ${host}:${options.port ?? 0}: ${cause.message}. Pick another --port or stop the process that holds it.`, { stage: 'origin', cause }));
    };
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    server,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          if (client !== options.client) client.destroy();
          resolve();
        });
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}
