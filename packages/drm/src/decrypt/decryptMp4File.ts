import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkInputFile, storageError } from '@ott/core';
import type { KeyRing } from '../keys/ContentKey.js';
import { Mp4Decrypter } from './Mp4Decrypter.js';
import type { Mp4DecryptCounts, Mp4DecrypterOptions } from './Mp4Decrypter.js';

/** Options of {@link decryptMp4File}. */
export interface DecryptMp4FileOptions extends Mp4DecrypterOptions {
  /** Bytes per read (default 1 MiB). */
  readonly blockSize?: number;
  /** Called after each read with the counts so far (for a progress line). */
  readonly onProgress?: (counts: Mp4DecryptCounts) => void;
}

/**
 * Decrypts one encrypted MP4, or an init segment followed by its segments read as one stream, into `output`. Memory is
 * bounded by one fragment (see {@link Mp4Decrypter}), whatever the input's length. The output is written to
 * `<output>.partial` and renamed when complete; on any error it is removed, so a failed run leaves no half file.
 * Each input must be a regular, readable, non-empty file (checked before it is opened: a FIFO would block).
 *
 * @throws OttError `INPUT_UNREADABLE` / `INPUT_EMPTY` for an input that cannot be read; the `DRM_*` codes of {@link Mp4Decrypter};
 * `STORAGE_WRITE_FAILED` / `STORAGE_FULL` when the output cannot be written.
 * @example
 * ```ts
 * declare const key: string; // 32 hex digits
 * const counts = await decryptMp4File(['init.mp4', 'seg-1.m4s'], 'clear.mp4', KeyRing.fromArgs([key]));
 * ```
 */
export async function decryptMp4File(inputs: readonly string[], output: string, keys: KeyRing, options: DecryptMp4FileOptions = {}): Promise<Mp4DecryptCounts> {
  for (const path of inputs) await checkInputFile(path, 'drm');
  // Each read gets a fresh buffer that nothing else sees, so samples are decrypted in it (no copy per fragment).
  const decrypter = new Mp4Decrypter(keys, { ...options, mayModifyInput: true });
  const partial = `${output}.partial`;
  // Errors of the output (a missing folder, a full disk) are typed like any sink's: STORAGE_WRITE_FAILED, STORAGE_FULL.
  const writing = <T>(step: Promise<T>): Promise<T> => step.catch((error: unknown) => {
    throw storageError(error, output, dirname(output));
  });
  const out = await writing(open(partial, 'w'));
  try {
    const blockSize = options.blockSize ?? 1024 * 1024;
    for (const path of inputs) {
      const file = await open(path, 'r');
      try {
        for (;;) {
          // A fresh buffer per read: the decrypter keeps views of a chunk until the box in it is complete.
          const block = new Uint8Array(blockSize);
          const { bytesRead } = await file.read(block, 0, blockSize, null);
          if (bytesRead === 0) break;
          const clear = decrypter.push(block.subarray(0, bytesRead));
          await writing(writeAll(out, clear));
          options.onProgress?.(decrypter.counts);
        }
      } finally {
        await file.close();
      }
    }
    const last = decrypter.end();
    await writing(writeAll(out, last).then(() => out.sync()).then(() => out.close()).then(() => rename(partial, output)));
    return decrypter.counts;
  } catch (error) {
    await out.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

async function writeAll(file: Awaited<ReturnType<typeof open>>, parts: readonly Uint8Array[]): Promise<void> {
  for (const part of parts) {
    let done = 0;
    while (done < part.byteLength) done += (await file.write(part, done, part.byteLength - done)).bytesWritten;
  }
}
