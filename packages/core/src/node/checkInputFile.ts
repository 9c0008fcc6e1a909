import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { OttError } from '../errors/OttError.js';
import type { Stage } from '../errors/codes.js';

/**
 * Checks that a local input exists, is a regular file (opening a FIFO blocks until a writer comes, a device such as
 * /dev/zero never ends), may be read and is not empty, before anything opens it: the one check every file reader of
 * the SDK makes (probe, readMp4File, ott decrypt). Errors are `INPUT_NOT_FOUND`, `INPUT_UNREADABLE`, `INPUT_EMPTY`
 * with the caller's `stage`. Returns the file size in bytes.
 *
 * @example
 * ```ts
 * const bytes = await checkInputFile('in.mp4', 'packager');
 * ```
 */
export async function checkInputFile(path: string, stage: Stage = 'ingest'): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new OttError('INPUT_NOT_FOUND', `Input file "${path}" does not exist. Check the path (relative paths resolve from ${process.cwd()}).`, {
        stage,
        cause: error,
        details: { path },
      });
    }
    throw new OttError('INPUT_UNREADABLE', `Input file "${path}" cannot be read (${code ?? 'unknown error'}). Check its permissions.`, {
      stage,
      cause: error,
      details: { path, errno: code },
    });
  }
  if (!info.isFile()) {
    throw new OttError('INPUT_UNREADABLE', `Input "${path}" is not a regular file (a folder, FIFO or device). Pass the path of a media file.`, {
      stage,
      details: { path },
    });
  }
  // stat() needs no read permission: ask for it now, so a file the process may not read is INPUT_UNREADABLE and not
  // an untyped EACCES from the first reader (the MP4 structure check).
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OttError('INPUT_UNREADABLE', `Input file "${path}" cannot be read (${code ?? 'unknown error'}): this process may not read it. Check its permissions.`, {
      stage,
      cause: error,
      details: { path, errno: code },
    });
  }
  if (info.size === 0) {
    throw new OttError('INPUT_EMPTY', `Input file "${path}" is empty (0 bytes). The upload or copy probably failed: provide the complete file.`, {
      stage,
      details: { path },
    });
  }
  return info.size;
}
