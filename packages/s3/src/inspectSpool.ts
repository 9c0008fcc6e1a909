import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJournal } from './spool/readJournal.js';

/** What a spool folder holds. */
export interface SpoolStatus {
  /** Operations waiting (uploads and removals). */
  readonly pending: number;
  /** Bytes of object data waiting. */
  readonly bytes: number;
  /** Paths (relative to the prefix) of the waiting uploads, in arrival order. */
  readonly paths: readonly string[];
  /** The bucket and prefix the spool belongs to, if it was ever used. */
  readonly destination?: { readonly bucket: string; readonly prefix: string };
}

/**
 * Reads a spool folder without changing it: how many operations and bytes wait for S3. An empty or missing folder
 * has nothing pending.
 *
 * @example
 * ```ts
 * const { pending } = await inspectSpool('/var/spool/ott'); // 0 once the sink has drained
 * ```
 */
export async function inspectSpool(dir: string): Promise<SpoolStatus> {
  const state = await readJournal(join(dir, 'journal.ndjson'));
  const entries = [...state.entries.values()].sort((a, b) => a.seq - b.seq);
  const puts = entries.flatMap((entry) => (entry.op === 'put' ? [entry] : []));
  const destination = await readFile(join(dir, 'spool.json'), 'utf8').then(
    (text) => JSON.parse(text) as { bucket: string; prefix: string },
    () => undefined,
  );
  return {
    pending: entries.length,
    bytes: puts.reduce((sum, put) => sum + (put.source === undefined ? put.size : 0), 0),
    paths: puts.map((put) => put.path),
    ...(destination === undefined ? {} : { destination }),
  };
}
