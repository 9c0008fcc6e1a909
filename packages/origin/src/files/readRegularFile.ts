import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Bytes read from a file, and the file's whole size. */
export interface FileBytes {
  readonly data: Buffer;
  readonly size: number;
}

/**
 * Reads a regular file through one descriptor opened with `O_NOFOLLOW` (a symlink is not followed), from byte `from`
 * to its end. `undefined` when it does not exist, is not a regular file, or is larger than `maxBytes`. Files of a
 * live output folder are published by atomic rename, so the bytes read always belong to one complete version.
 */
export async function readRegularFile(path: string, maxBytes: number, from = 0): Promise<FileBytes | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const length = Math.max(0, stats.size - from);
    const data = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(data, filled, length - filled, from + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { data: filled === length ? data : data.subarray(0, filled), size: stats.size };
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
