import { OttError, isSafeRelativePath } from '@ott/core';

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

/**
 * The object key of an output path under a prefix. The path is checked like a folder sink checks it (relative,
 * POSIX separators, no `..`, empty or `.` segments, no NUL or backslash): a pipeline item can never name an object
 * outside the sink's prefix.
 */
export function objectKey(prefix: string, path: string): string {
  if (!isSafeRelativePath(path)) {
    throw new OttError(
      'PACKAGE_INVALID_INPUT',
      `Refusing to upload output item path "${path}": expected a relative POSIX path inside the prefix ` +
        '(no leading "/", no ".." or empty segments, no backslashes). Fix the rendition id or path naming.',
      { stage: 'storage', details: { path } },
    );
  }
  return prefix === '' ? path : `${prefix}/${path}`;
}
