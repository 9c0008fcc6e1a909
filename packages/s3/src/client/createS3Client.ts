import { S3Client } from '@aws-sdk/client-s3';

/** How to reach an S3-protocol service when no `S3Client` is given. */
export interface S3Connection {
  /** Service URL for S3-compatible storage (MinIO, Ceph, R2, a local test server); omit for AWS S3. */
  readonly endpoint?: string;
  /** Region (default `AWS_REGION`, else `us-east-1`). */
  readonly region?: string;
  /** Access key; default: the SDK's credential chain (environment, profile, instance role). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need (default: `true` with an endpoint). */
  readonly forcePathStyle?: boolean;
}

/**
 * An AWS SDK v3 `S3Client` (`@aws-sdk/client-s3`), described by the one method the sink calls, so that our public
 * declarations do not name the SDK's types (an app type-checks without resolving them; any SDK v3 version fits).
 */
export interface S3ClientLike {
  send(command: object, options?: object): Promise<unknown>;
}

/** A canned ACL of S3 (`x-amz-acl`). */
export type S3CannedAcl = 'private' | 'public-read' | 'public-read-write' | 'authenticated-read' | 'aws-exec-read' | 'bucket-owner-read' | 'bucket-owner-full-control';

/** `true` for an `S3Client` (or anything that sends commands like one), `false` for connection settings. */
export function isS3Client(value: S3ClientLike | S3Connection): value is S3ClientLike {
  return typeof (value as { send?: unknown }).send === 'function';
}

/**
 * Returns the given client, or makes one from connection settings. A client made here only sends checksums when the
 * operation requires them (`WHEN_REQUIRED`): newer SDKs otherwise add CRC32 trailers with `aws-chunked` encoding,
 * which several S3-compatible servers store as part of the object.
 */
export function createS3Client(client: S3ClientLike | S3Connection): S3ClientLike {
  return toS3Client(client);
}

/** {@link createS3Client} with the SDK's own type, for this package's internals. */
export function toS3Client(client: S3ClientLike | S3Connection): S3Client {
  // The structural type stands for the SDK's class (see S3ClientLike): what the user gave is used as one.
  if (isS3Client(client)) return client as S3Client;
  return new S3Client({
    region: client.region ?? process.env['AWS_REGION'] ?? 'us-east-1',
    ...(client.endpoint === undefined ? {} : { endpoint: client.endpoint }),
    ...(client.credentials === undefined ? {} : { credentials: client.credentials }),
    forcePathStyle: client.forcePathStyle ?? client.endpoint !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
