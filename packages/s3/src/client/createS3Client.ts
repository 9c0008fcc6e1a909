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

/** `true` for an `S3Client` (or anything that sends commands like one), `false` for connection settings. */
export function isS3Client(value: S3Client | S3Connection): value is S3Client {
  return typeof (value as { send?: unknown }).send === 'function';
}

/**
 * Returns the given client, or makes one from connection settings. A client made here only sends checksums when the
 * operation requires them (`WHEN_REQUIRED`): newer SDKs otherwise add CRC32 trailers with `aws-chunked` encoding,
 * which several S3-compatible servers store as part of the object.
 */
export function createS3Client(client: S3Client | S3Connection): S3Client {
  if (isS3Client(client)) return client;
  return new S3Client({
    region: client.region ?? process.env['AWS_REGION'] ?? 'us-east-1',
    ...(client.endpoint === undefined ? {} : { endpoint: client.endpoint }),
    ...(client.credentials === undefined ? {} : { credentials: client.credentials }),
    forcePathStyle: client.forcePathStyle ?? client.endpoint !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
