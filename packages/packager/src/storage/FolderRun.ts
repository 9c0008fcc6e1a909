import { resolve } from 'node:path';
import { PublishQueue, isPipelineEvent, isPublishBarrier, isPublishItem, publishChunksOf, publishFlowOf, publishedEventOf, storageError } from '@ott/core';
import type { BufferPool, PipelineEvent, PipelineItem, PublishItem, PublishTask } from '@ott/core';
import { OutputLedger } from './OutputLedger.js';
import { removeFile } from './removeFile.js';
import { safeOutputPath } from './safeOutputPath.js';
import { withCleanup } from './withCleanup.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** Settings of one {@link FolderRun} (`toFolder`'s options, resolved). */
export interface FolderRunOptions {
  readonly root: string;
  readonly overwrite: boolean;
  readonly concurrency: number;
  readonly live: boolean;
  readonly pool?: BufferPool | undefined;
}

/** Where a run reports to (the operator's subscriber). */
export interface FolderRunOutput {
  next(event: PipelineEvent): void;
  error(error: unknown): void;
  complete(): void;
}

interface FolderTask extends PublishTask {
  readonly item: PublishItem;
  readonly target: string;
  readonly chunks: readonly Uint8Array[];
}

/** `failing`: a failure waits for the writes in flight before undoing; `cancelled`: the same after unsubscription. */
type State = 'running' | 'failing' | 'cancelled' | 'done';

/**
 * One subscription of `toFolder`: the folder adapter of the {@link PublishQueue} (atomic write, removal) plus what a
 * folder needs on top: the ledger of files this run created, undone on failure or unsubscription (not for a live
 * folder, whose published files viewers may be reading).
 */
export class FolderRun {
  readonly #options: FolderRunOptions;
  readonly #out: FolderRunOutput;
  readonly #ledger: OutputLedger;
  readonly #queue: PublishQueue<FolderTask>;
  #state: State = 'running';
  #upstreamDone = false;
  #pendingError: { readonly error: unknown; readonly own: boolean } | undefined;

  constructor(options: FolderRunOptions, out: FolderRunOutput) {
    this.#options = options;
    this.#out = out;
    this.#ledger = new OutputLedger(options.root, { keepOutputs: options.live });
    this.#queue = new PublishQueue<FolderTask>(options.concurrency, {
      run: (task) => this.#store(task),
      published: (task) => {
        const event = publishedEventOf(task.item, task.bytes);
        if (event !== undefined) out.next(event);
      },
      failed: (task, error) => {
        task.flow?.done(task.bytes);
        this.fail(storageError(error, task.item.path, options.root), true);
      },
      settled: () => this.#settled(),
    });
  }

  /** An item from upstream: files and removals are queued, events pass through, anything else is consumed. */
  accept(item: PipelineItem): void {
    if (this.#state !== 'running') return;
    if (!isPublishItem(item)) {
      if (isPipelineEvent(item)) this.#out.next(item);
      return;
    }
    let path: string;
    try {
      path = safeOutputPath(item.path);
    } catch (error) {
      this.fail(error, true);
      return;
    }
    const chunks = publishChunksOf(item);
    const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    this.#queue.push({ item, target: resolve(this.#options.root, path), chunks, bytes, barrier: isPublishBarrier(item), flow: publishFlowOf(item) });
  }

  complete(): void {
    this.#upstreamDone = true;
    this.#settled();
  }

  /** Fails the run; writes in flight finish first (their files are then in the ledger), then the run is undone. */
  fail(error: unknown, own: boolean): void {
    if (this.#state !== 'running') return;
    this.#state = 'failing';
    this.#pendingError = { error, own };
    for (const task of this.#queue.hold()) task.flow?.done(task.bytes);
    this.#settled();
  }

  /** Unsubscribed mid-run: undo (live: temporary files only) once the writes in flight have settled. */
  cancel(): void {
    if (this.#state === 'done') return;
    this.#state = 'cancelled';
    this.#queue.stop();
    this.#settled();
  }

  async #store(task: FolderTask): Promise<void> {
    const { item, target, chunks } = task;
    if (item.type === 'remove-file') {
      await removeFile(target, this.#ledger);
      return;
    }
    const overwrite = this.#options.overwrite || (this.#options.live && item.type === 'manifest-file');
    await writeFileAtomic(target, chunks, this.#ledger, { overwrite });
    if (this.#options.pool !== undefined) for (const chunk of chunks) this.#options.pool.release(chunk);
  }

  #settled(): void {
    if (this.#state === 'running') {
      if (this.#upstreamDone && this.#queue.idle) {
        this.#state = 'done';
        this.#out.complete();
      }
      return;
    }
    if (this.#state === 'done' || this.#queue.inFlight > 0) return;
    const failing = this.#state === 'failing';
    this.#state = 'done';
    this.#queue.stop();
    const report = this.#ledger.removeAll();
    if (!failing || this.#pendingError === undefined) return;
    const { error, own } = this.#pendingError;
    this.#out.error(this.#options.live ? error : withCleanup(error, report, own));
  }
}
