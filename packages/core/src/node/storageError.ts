import { OttError, isOttError } from '../errors/OttError.js';

/** Maps a failed file-system call while storing `path` under `root` to an {@link OttError}. */
export function storageError(error: unknown, path: string, root: string): OttError {
  if (isOttError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new OttError(
      'STORAGE_FULL',
      `No space left on the device while writing "${path}" (${code}). Free space on the volume holding ${root} ` +
        '(or choose another output folder) and run again.',
      { stage: 'storage', cause: error, details: { path, root, errno: code } },
    );
  }
  if (code === 'EEXIST') {
    return new OttError(
      'STORAGE_OUTPUT_EXISTS',
      `"${path}" already exists in ${root} and overwrite is off. Choose an empty folder or pass { overwrite: true }.`,
      { stage: 'storage', cause: error, details: { path, root } },
    );
  }
  return new OttError(
    'STORAGE_WRITE_FAILED',
    `Could not write "${path}" under ${root}: ${reason}. Check that the output folder is a writable directory ` +
      '(and that no path component is an existing file).',
    { stage: 'storage', cause: error, details: { path, root, ...(code === undefined ? {} : { errno: code }) } },
  );
}
