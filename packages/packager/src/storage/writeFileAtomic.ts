import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { OutputLedger } from './OutputLedger.js';

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** Replace an existing file (default `true`); when `false` an existing file fails with `EEXIST`. */
  readonly overwrite?: boolean;
}

let counter = 0;

/** `writev` takes at most IOV_MAX (1024 on Linux) buffers per call. */
const MAX_BUFFERS = 1024;

/**
 * Writes `chunks` back to back to `target` so readers see either the old file or the complete new one: the bytes go
 * to `.<name>.tmp-<pid>-<n>` in the same folder (same file system, so the rename is atomic on POSIX), then the temp
 * file is renamed over the target. With `overwrite: false` it is hard-linked instead, which fails atomically if the
 * target exists.
 *
 * No `fsync`: it would cost a disk flush per segment (tens of ms on spinning or network disks) for a guarantee that
 * only matters on power loss, and a VOD packaging run interrupted that way is simply run again. Atomicity against
 * readers (a CDN origin serving the folder) and against crashes of this process is kept by the rename.
 *
 * Every path it creates is recorded in `ledger` so a failed run can be undone.
 */
export async function writeFileAtomic(
  target: string,
  chunks: readonly Uint8Array[],
  ledger: OutputLedger,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const folder = dirname(target);
  await ledger.ensureFolder(folder);
  const temp = join(folder, `.${basename(target)}.tmp-${process.pid}-${++counter}`);
  ledger.addTemp(temp);
  try {
    const handle = await open(temp, 'wx');
    try {
      await writeAll(handle, chunks);
    } finally {
      await handle.close();
    }
    if (options.overwrite ?? true) await rename(temp, target);
    else if ((await publishExclusive(temp, target)) === 'linked') {
      ledger.addFile(target);
      await unlink(temp);
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    ledger.dropTemp(temp);
    throw error;
  }
  ledger.dropTemp(temp);
  ledger.addFile(target);
}

async function writeAll(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  let pending = chunks.filter((chunk) => chunk.byteLength > 0);
  while (pending.length > 0) {
    const batch = pending.slice(0, MAX_BUFFERS);
    const { bytesWritten } = await handle.writev(batch);
    pending = [...skip(batch, bytesWritten), ...pending.slice(batch.length)];
  }
}

/** The buffers left after `written` bytes of `batch` went out (a short write resumes mid-buffer). */
function skip(batch: readonly Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let left = written;
  for (const chunk of batch) {
    if (left >= chunk.byteLength) left -= chunk.byteLength;
    else {
      rest.push(left > 0 ? chunk.subarray(left) : chunk);
      left = 0;
    }
  }
  return rest;
}

async function publishExclusive(temp: string, target: string): Promise<'linked' | 'renamed'> {
  try {
    await link(temp, target);
    return 'linked';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // File systems without hard links (some FUSE/SMB mounts): check, then rename (not atomic against races).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    const exists = await lstat(target).then(
      () => true,
      () => false,
    );
    if (exists) throw Object.assign(new Error(`EEXIST: file already exists, ${target}`), { code: 'EEXIST' });
    await rename(temp, target);
    return 'renamed';
  }
}
