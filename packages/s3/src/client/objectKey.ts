import { OttError, isSafeRelativePath } from '@ott/core';

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
