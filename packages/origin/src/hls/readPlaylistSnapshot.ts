import { constants, type BigIntStats } from 'node:fs';
import { open } from 'node:fs/promises';
import { readPlaylistProgress, type PlaylistProgress } from './readPlaylistProgress.js';

/** One version of a playlist file: its bytes, the stats of that version and what it lists. */
export interface PlaylistSnapshot {
  readonly body: Buffer;
  readonly stats: BigIntStats;
  readonly progress: PlaylistProgress;
}

/**
 * Reads one consistent version of a playlist through a single descriptor (a writer that replaces it by rename
 * cannot mix two versions). Returns `undefined` when the file is missing, is not a regular file, is a symlink,
 * or is larger than `maxBytes` (an origin never buffers an unbounded file).
 */
export async function readPlaylistSnapshot(path: string, maxBytes: number): Promise<PlaylistSnapshot | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = await handle.stat({ bigint: true });
    if (!stats.isFile() || stats.size > BigInt(maxBytes)) return undefined;
    const body = await handle.readFile();
    return { body, stats, progress: readPlaylistProgress(body.toString('utf8')) };
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
