// @ott/s3: S3 storage for @ott pipelines: the sink (with its outage spool) and an origin that serves the bucket.
export { toS3 } from './toS3.js';
export { DEFAULT_S3_CACHE_CONTROL } from './S3SinkOptions.js';
export type { S3FileKind, S3RetryOptions, S3SpoolOptions, SpoolOverflow, ToS3Options } from './S3SinkOptions.js';
export { createS3Client } from './client/createS3Client.js';
export type { S3CannedAcl, S3ClientLike, S3Connection } from './client/createS3Client.js';
export { drainSpool } from './drainSpool.js';
export type { DrainSpoolOptions, DrainSpoolResult } from './drainSpool.js';
export { inspectSpool } from './inspectSpool.js';
export type { SpoolStatus } from './inspectSpool.js';
export { createS3Source } from './source/createS3Source.js';
export type { S3ByteRange, S3ListedObject, S3ObjectInfo, S3ObjectRead, S3Source, S3SourceOptions } from './source/createS3Source.js';
export { createS3Origin } from './origin/createS3Origin.js';
export type { S3Origin, S3OriginOptions } from './origin/createS3Origin.js';
export { startS3Origin } from './origin/startS3Origin.js';
export type { RunningS3Origin, StartS3OriginOptions } from './origin/startS3Origin.js';
export { parseS3Url } from './parseS3Url.js';
export type { S3Location } from './parseS3Url.js';
