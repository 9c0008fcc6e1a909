import type { ManifestEvent, SegmentEvent } from '@ott/core';
import type { S3Store } from '../client/S3Store.js';
import { planDrain } from './planDrain.js';
import { runPool } from './runPool.js';
import type { Spool } from './Spool.js';
import type { SpoolEntry } from './SpoolEntry.js';

/** What {@link drainBatch} works with. */
export interface DrainContext {
  readonly store: S3Store;
  readonly spool: Spool;
  readonly concurrency: number;
  /** A `segment` or `manifest` event of an entry now in the bucket. */
  readonly onEvent: (event: SegmentEvent | ManifestEvent) => void;
  /** Entries were finished (spool space was freed). */
  readonly onProgress?: () => void;
}

/**
 * Uploads a batch of spooled entries in the order of {@link planDrain} (objects, newest manifests, removals),
 * recording each one as finished as soon as it is in the bucket. Throws on the first failure after the uploads in
 * flight have settled; what is not finished stays in the spool for the next try.
 */
export async function drainBatch(entries: readonly SpoolEntry[], context: DrainContext): Promise<number> {
  const { store, spool } = context;
  const plan = planDrain(entries);
  let finished = plan.skipped.length;
  await spool.complete(plan.skipped);
  const done = async (entry: SpoolEntry): Promise<void> => {
    await spool.complete([entry]);
    finished += 1;
    if (entry.op === 'put' && entry.event !== undefined) context.onEvent(entry.event);
    context.onProgress?.();
  };
  await runPool(plan.objects, context.concurrency, async (entry) => {
    await store.put({ key: entry.key, kind: entry.kind, size: entry.size, body: spool.bodyOf(entry) });
    await done(entry);
  });
  for (const entry of plan.manifests) {
    await store.put({ key: entry.key, kind: entry.kind, size: entry.size, body: spool.bodyOf(entry) });
    await done(entry);
  }
  await runPool(plan.deletes, context.concurrency, async (entry) => {
    await store.remove(entry.key);
    await done(entry);
  });
  return finished;
}
