import { realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * Resolves the folder of a request path (`segments` without the file name, already checked by
 * {@link parseRequestTarget}) under `realRoot` with `realpath`, and returns it only when it is an existing folder
 * inside the real root and no part of it is hidden (the same rules as {@link openInsideRoot}). Files in it are then
 * opened by plain name with `O_NOFOLLOW`, so a symlinked file cannot lead out either.
 */
export async function resolveFolderInsideRoot(realRoot: string, folderSegments: readonly string[]): Promise<string | undefined> {
  let real: string;
  try {
    real = await realpath(join(realRoot, ...folderSegments));
    if (!(await stat(real)).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const rel = relative(realRoot, real);
  if (rel === '') return real;
  if (rel.startsWith('..') || rel.split(sep).includes('..') || rel.startsWith(sep)) return undefined;
  if (rel.split(sep).some((part) => part.startsWith('.'))) return undefined;
  return real;
}
