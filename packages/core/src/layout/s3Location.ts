import { OttError } from '../errors/OttError.js';
import { isSafeRelativePath } from './outputLayout.js';

/** A bucket and key prefix. */
export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

/**
 * A key prefix without leading or trailing slashes (`'/live/cam1/'` → `'live/cam1'`). Empty, `.` and `..` segments
 * are refused: a prefix names a folder of the bucket, never a way out of one.
 */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  if (!isSafeRelativePath(trimmed)) {
    throw new OttError('S3_INVALID_OPTIONS', `The S3 prefix "${prefix}" must be a relative path without empty, "." or ".." segments.`, {
      stage: 'storage',
      details: { prefix },
    });
  }
  return trimmed;
}

/** Whether an output location names a bucket (`s3://…`) rather than a folder. */
export function isS3Url(location: string): boolean {
  return location.startsWith('s3://');
}

/**
 * Reads `s3://bucket/prefix` (the prefix may be empty or end with `/`). Bucket names follow S3's rules: 3–63
 * lower-case letters, digits, dots and hyphens.
 *
 * @example
 * ```ts
 * parseS3Url('s3://media/live/cam1'); // { bucket: 'media', prefix: 'live/cam1' }
 * ```
 */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  const bucket = match?.[1];
  if (bucket === undefined || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new OttError('S3_INVALID_OPTIONS', `Expected an S3 location like s3://bucket/prefix, got '${url}' (bucket names: 3-63 lower-case letters, digits, dots, hyphens).`, {
      stage: 'storage',
    });
  }
  return { bucket, prefix: normalizePrefix(decodeURIComponent(match?.[2] ?? '')) };
}
