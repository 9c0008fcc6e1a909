import { OttError, isSafeRelativePath } from '@ott/core';

/** Keys are relative POSIX paths inside the storage root (the layout's one path check: no `..`, NUL, backslash, drive letter). */
export function checkKey(key: string): string {
  if (!isSafeRelativePath(key)) {
    throw new OttError('QUEUE_INVALID_JOB', `Storage key "${key}" is not a relative path inside the storage root.`, { stage: 'transcode' });
  }
  return key;
}
