import { OttError, isSafeRelativePath } from '@ott/core';

/**
 * Checks an output item's path before anything is written: relative, POSIX separators, no `..`, no empty or `.`
 * segments, no NUL or backslash. A sink must never write outside its folder, whatever the item says.
 */
export function safeOutputPath(path: string): string {
  if (!isSafeRelativePath(path)) {
    throw new OttError(
      'PACKAGE_INVALID_INPUT',
      `Refusing to write output item path "${path}": expected a relative POSIX path inside the output folder ` +
        '(no leading "/", no ".." or empty segments, no backslashes). Fix the rendition id or path naming.',
      { stage: 'storage', details: { path } },
    );
  }
  return path;
}
