import { constants, type BigIntStats } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { CachedFile, HotFiles } from './HotFiles.js';

/** An open regular file inside the root, with the stats of exactly the version that is open. */
export interface OpenFile {
  readonly handle: FileHandle;
  readonly stats: BigIntStats;
  /** Real path (symlinks resolved), inside the real root. */
  readonly path: string;
}

/**
 * Why a path could not be opened: 404 (missing, not a file, hidden) or 403 (resolves outside the root). `missing` is
 * `true` when nothing exists at the path (yet): a live segment still being built, or a part announced ahead.
 */
export type OpenFailure = { readonly status: 403 | 404; readonly reason: string; readonly missing?: boolean };

/**
 * Opens `segments` (already checked by {@link parseRequestTarget}) under `realRoot` (itself a realpath).
 * The path is resolved with `realpath` and must stay inside the real root, so a symlink that points outside is 403
 * however it is reached; the final open uses `O_NOFOLLOW` so the last component cannot be swapped for a symlink
 * between the check and the open, and `fstat` on the open descriptor decides "regular file" and the validators.
 * With `hot`, a small file reached without any symlink is answered from memory while the file at that path is still
 * the version read before (see {@link HotFiles}), and read whole into it otherwise.
 *
 * `scopeSegments` > 0 narrows "inside" to the folder of the first segments (the stream a token is scoped to): a symlink
 * in stream A's folder that points into stream B's is 403 too, so a credential for A never reads B.
 */
export async function openInsideRoot(realRoot: string, segments: readonly string[], hot?: HotFiles, scopeSegments = 0): Promise<OpenFile | CachedFile | OpenFailure> {
  const requested = join(realRoot, ...segments);
  const held = await hot?.lookup(requested);
  if (held !== undefined) return held;
  let real: string;
  try {
    real = await realpath(requested);
  } catch {
    return { status: 404, reason: 'not found', missing: true };
  }
  const rel = relative(realRoot, real);
  if (rel === '' ) return { status: 404, reason: 'directory' };
  if (rel.startsWith('..') || rel.split(sep).includes('..') || rel.startsWith(sep)) return { status: 403, reason: 'outside the root' };
  if (rel.split(sep).some((part) => part.startsWith('.'))) return { status: 404, reason: 'hidden file' };
  if (scopeSegments > 0) {
    const scope = relative(join(realRoot, ...segments.slice(0, scopeSegments)), real);
    if (scope === '' || scope.startsWith('..') || scope.startsWith(sep)) return { status: 403, reason: 'outside the stream folder' };
  }
  // Only paths without a symlink anywhere are held: a later request for the same path then needs no realpath.
  return hot !== undefined && real === requested ? hot.read(real, openRegularFile) : openRegularFile(real);
}

/** Opens a real path with `O_NOFOLLOW` and checks, on the descriptor, that it is a regular file. */
async function openRegularFile(real: string): Promise<OpenFile | OpenFailure> {
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return { status: 404, reason: 'not found' };
  }
  try {
    const stats = await handle.stat({ bigint: true });
    if (!stats.isFile()) {
      await handle.close();
      return { status: 404, reason: 'not a regular file' };
    }
    return { handle, stats, path: real };
  } catch {
    await handle.close().catch(() => undefined);
    return { status: 404, reason: 'not found' };
  }
}

/** Type guard for a successful {@link openInsideRoot}: a file open, or its bytes in memory. */
export function isOpenFile(result: OpenFile | CachedFile | OpenFailure): result is OpenFile | CachedFile {
  return 'stats' in result;
}
