import type { SpoolDelete, SpoolEntry, SpoolPut } from './SpoolEntry.js';

/** What a drain does with a batch of spooled entries, in this order. */
export interface DrainPlan {
  /** Entries with nothing left to do (an older manifest version, an upload a later removal undoes, …). */
  readonly skipped: readonly SpoolEntry[];
  /** Init segments, segments and parts, in arrival order (they may go up concurrently). */
  readonly objects: readonly SpoolPut[];
  /** The newest version of each manifest, one after another, in the order each manifest first appeared. */
  readonly manifests: readonly SpoolPut[];
  /** Removals, in arrival order, after every manifest. */
  readonly deletes: readonly SpoolDelete[];
}

/**
 * Plans the upload of a batch of spooled entries so that every intermediate state of the bucket is playable:
 *
 * - only the last operation on each key matters (the bucket ends in the same state as if every entry had run);
 * - objects go first, so every manifest uploaded afterwards finds every object it can list (manifests are barriers,
 *   as in the folder sink);
 * - only the newest version of each manifest goes up (the older ones are coalesced), never before an earlier
 *   version (those were uploaded before the outage or are skipped), and a media playlist first spooled before the
 *   multivariant playlist that names it still goes up before it;
 * - removals run last: a packager only removes a file once its manifests stopped listing it, so the newest
 *   manifests no longer name it, while the older versions in the bucket kept doing so until they were replaced.
 */
export function planDrain(entries: readonly SpoolEntry[]): DrainPlan {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const last = new Map<string, SpoolEntry>();
  const firstOrder = new Map<string, number>();
  for (const entry of sorted) {
    last.set(entry.key, entry);
    if (entry.op === 'put' && entry.kind === 'manifest') firstOrder.set(entry.key, Math.min(firstOrder.get(entry.key) ?? entry.order, entry.order));
  }
  const skipped: SpoolEntry[] = [];
  const objects: SpoolPut[] = [];
  const manifests: SpoolPut[] = [];
  const deletes: SpoolDelete[] = [];
  for (const entry of sorted) {
    if (last.get(entry.key) !== entry) skipped.push(entry);
    else if (entry.op === 'del') deletes.push(entry);
    else if (entry.kind === 'manifest') manifests.push(entry);
    else objects.push(entry);
  }
  const orderOf = (entry: SpoolPut): number => firstOrder.get(entry.key) ?? entry.order;
  manifests.sort((a, b) => orderOf(a) - orderOf(b));
  return { skipped, objects, manifests, deletes };
}
