import { unlink } from 'node:fs/promises';
import type { OutputLedger } from './OutputLedger.js';

/**
 * Deletes a published file (a `remove-file` item: a segment that left a live window, a part no longer listed). A file
 * that is already gone is fine (ENOENT is ignored): the goal is that it does not exist.
 */
export async function removeFile(target: string, ledger: OutputLedger): Promise<void> {
  try {
    await unlink(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  ledger.forgetFile(target);
}
