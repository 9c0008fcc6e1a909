import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { OttError } from '@ott/core';

/**
 * Checks, before any work starts, that `root` can be the output folder: it is a folder, or does not exist yet and its
 * nearest existing ancestor is a folder. Without it an `-o` naming an existing file ran the whole encode and then failed
 * on the first write.
 *
 * @returns the error to report, or undefined when the folder is usable.
 */
export function checkOutputFolder(root: string): OttError | undefined {
  for (let path = root; ; path = dirname(path)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(path) !== path) continue;
      return new OttError('STORAGE_WRITE_FAILED', `The output folder ${root} cannot be used: ${String((error as Error).message)}. Choose another -o folder.`, {
        stage: 'storage', cause: error, details: { root, path, ...(code === undefined ? {} : { errno: code }) },
      });
    }
    if (isDirectory) return undefined;
    return new OttError('STORAGE_OUTPUT_NOT_A_FOLDER', path === root
      ? `The output ${root} is an existing file, not a folder. Choose a folder for -o (it is created if missing).`
      : `The output folder ${root} cannot be created: ${path} is a file. Choose another -o folder.`, { stage: 'storage', details: { root, path } });
  }
}
