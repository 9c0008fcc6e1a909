import { resolve } from 'node:path';
import { Observable, Subscription } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { isPipelineEvent, storageError } from '@ott/core';
import type { Backpressure, BufferPool, OutputFile, PipelineEvent, PipelineItem, RemoveFile } from '@ott/core';
import { checkOutputFolder } from './storage/checkOutputFolder.js';
import { OutputLedger } from './storage/OutputLedger.js';
import { isOutputFile } from './storage/isOutputFile.js';
import { removeFile } from './storage/removeFile.js';
import { safeOutputPath } from './storage/safeOutputPath.js';
import { withCleanup } from './storage/withCleanup.js';
import { writeFileAtomic } from './storage/writeFileAtomic.js';

/** Options of {@link toFolder}. */
export interface ToFolderOptions {
  /** Replace files that already exist (default `true`); when `false` an existing file fails the run. */
  readonly overwrite?: boolean;
  /** Files written at once (default 4, the size of Node's thread pool); events still come in arrival order. */
  readonly concurrency?: number;
  /**
   * A live folder (default `false`): viewers may be watching it at any moment, so a failure or an unsubscription
   * keeps everything already published (only temporary files go), and manifests, rewritten all the time, always
   * replace the previous version.
   */
  readonly live?: boolean;
  /**
   * The pool the sample data came from (`readMp4File(path, { pool })`): each media segment's and part's chunks are
   * given back to it once the file is stored, so the next fragments reuse the memory. Only for pipelines where nothing
   * after the sink reads segment bytes.
   */
  readonly pool?: BufferPool;
}

interface Queued {
  readonly item: OutputFile | RemoveFile;
  readonly target: string;
  readonly chunks: readonly Uint8Array[];
  readonly bytes: number;
}

type State = 'running' | 'failing' | 'done' | 'cancelled';

/**
 * The file-system sink. Writes every init segment, media segment, part (live) and manifest to `dir/<item.path>`
 * atomically (temp file + rename, see `writeFileAtomic`), a few at a time, in arrival order, and emits a `segment`
 * event once a segment is stored and a `manifest` event once a manifest is: manifests arrive after the files they
 * list and wait for every earlier write, so a published manifest never points at a missing file. A `remove-file`
 * item deletes a file (a missing one is fine) once everything before it is stored, in particular the manifests that
 * stopped listing it. Progress and warning events pass through; other items are consumed. Queued bytes are reported
 * to the producer's `flow`, which pauses it while the disk is behind.
 *
 * On an upstream error, a write failure or unsubscription it removes every file and folder this run created and
 * fails with an {@link OttError} whose `details.cleanedUp` lists them (`STORAGE_FULL` for ENOSPC,
 * `STORAGE_WRITE_FAILED` for other write errors, the upstream error's own code otherwise). Files replaced with
 * `overwrite` are removed too, not restored. With `live: true` nothing published is removed: the error is reported
 * as is and the folder stays valid for the viewers.
 *
 * @example
 * ```ts
 * declare const transcoded$: Observable<PipelineItem>; // e.g. fromFile(…).pipe(transcodeLadder(…))
 * transcoded$.pipe(segmentCmaf(), writeManifests(), toFolder('out')).subscribe((event) => console.log(event.type));
 * ```
 */
export function toFolder(dir: string, options: ToFolderOptions = {}): OperatorFunction<PipelineItem, PipelineEvent> {
  const root = resolve(dir);
  const overwrite = options.overwrite ?? true;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pool = options.pool;
  const live = options.live ?? false;
  return (source) =>
    new Observable<PipelineEvent>((subscriber) => {
      const ledger = new OutputLedger(root, { keepOutputs: live });
      const queue: Queued[] = [];
      /** Writes started, in arrival order; events go out in this order as the head ones finish. */
      const started: { readonly queued: Queued; written: boolean }[] = [];
      let inFlight = 0;
      let state: State = 'running';
      let upstreamDone = false;
      let pendingError: unknown;
      let pendingErrorIsOwn = false;
      // Created first so failing during a synchronous subscribe can already unsubscribe (adding to a closed one does).
      const upstream = new Subscription();

      const release = (): void => {
        for (const queued of [...queue.splice(0), ...started.splice(0).map((s) => s.queued)]) flowOf(queued.item)?.done(queued.bytes);
      };
      const failNow = (error: unknown, ownError: boolean): void => {
        state = 'done';
        upstream.unsubscribe();
        release();
        const report = ledger.removeAll();
        subscriber.error(live ? error : withCleanup(error, report, ownError));
      };
      const fail = (error: unknown, ownError: boolean): void => {
        if (state !== 'running') return;
        if (inFlight === 0) {
          failNow(error, ownError);
          return;
        }
        // Writes in flight finish first (their files are then in the ledger), then the run is undone.
        state = 'failing';
        pendingError = error;
        pendingErrorIsOwn = ownError;
      };
      /** Writes were in flight when the run was failed or cancelled: undo once the last one has settled. */
      const finishInterrupted = (): void => {
        if (inFlight > 0) return;
        if (state === 'failing') failNow(pendingError, pendingErrorIsOwn);
        else if (state === 'cancelled') ledger.removeAll();
      };
      const emitFinished = (): void => {
        while (state === 'running' && started[0]?.written) {
          const { queued } = started.shift() as { queued: Queued };
          flowOf(queued.item)?.done(queued.bytes);
          const event = eventOf(queued.item);
          if (event !== undefined) subscriber.next(event);
        }
      };
      /**
       * Starts queued writes, up to `concurrency` at once (separate files, so the thread pool overlaps their system
       * calls). A manifest is a barrier: it starts only when every file before it is stored, so it never lists a
       * segment that is not there yet. A removal is one too: it waits for the manifests that stopped listing the file.
       */
      const pump = (): void => {
        while (state === 'running' && queue.length > 0 && inFlight < concurrency) {
          const queued = queue[0] as Queued;
          const barrier = queued.item.type === 'manifest-file' || queued.item.type === 'remove-file';
          if (barrier && inFlight > 0) break;
          queue.shift();
          const entry = { queued, written: false };
          started.push(entry);
          inFlight += 1;
          const replace = overwrite || (live && queued.item.type === 'manifest-file');
          const operation =
            queued.item.type === 'remove-file'
              ? removeFile(queued.target, ledger)
              : writeFileAtomic(queued.target, queued.chunks, ledger, { overwrite: replace });
          operation.then(
            () => {
              inFlight -= 1;
              entry.written = true;
              if (pool !== undefined) for (const chunk of queued.chunks) pool.release(chunk);
              settle();
            },
            (error: unknown) => {
              inFlight -= 1;
              if (state === 'running') fail(storageError(error, queued.item.path, root), true);
              settle();
            },
          );
        }
      };
      const settle = (): void => {
        if (state !== 'running') {
          finishInterrupted();
          return;
        }
        emitFinished();
        pump();
        if (upstreamDone && queue.length === 0 && inFlight === 0) {
          state = 'done';
          subscriber.complete();
        }
      };

      // Checked before the source is subscribed: a file where the folder should be fails now, not after the encode.
      const unusable = checkOutputFolder(root);
      if (unusable !== undefined) {
        state = 'done';
        subscriber.error(unusable);
        return upstream;
      }
      upstream.add(source.subscribe({
        next(item) {
          if (state !== 'running') return;
          if (!isOutputFile(item) && item.type !== 'remove-file') {
            if (isPipelineEvent(item)) subscriber.next(item);
            return;
          }
          let path: string;
          try {
            path = safeOutputPath(item.path);
          } catch (error) {
            fail(error, true);
            return;
          }
          const chunks = item.type === 'remove-file' ? [] : chunksOf(item);
          const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
          queue.push({ item, target: resolve(root, path), chunks, bytes });
          flowOf(item)?.enqueue(bytes);
          pump();
        },
        error(error: unknown) {
          if (state === 'running') fail(error, false);
        },
        complete() {
          upstreamDone = true;
          if (state === 'running') settle();
        },
      }));
      return () => {
        upstream.unsubscribe();
        if (state === 'done') return;
        // Unsubscribed mid-run (or while failing): undo (live: temporary files only). A write in flight finishes first.
        state = 'cancelled';
        release();
        if (inFlight === 0) ledger.removeAll();
      };
    });
}

function chunksOf(item: OutputFile): readonly Uint8Array[] {
  if (item.type === 'media-segment' || item.type === 'media-part') return item.chunks;
  if (item.type === 'init-segment') return [item.data];
  return [Buffer.from(item.data, 'utf8')];
}

function flowOf(item: OutputFile | RemoveFile): Backpressure | undefined {
  return item.type === 'media-segment' || item.type === 'media-part' ? item.flow : undefined;
}

function eventOf(item: OutputFile | RemoveFile): PipelineEvent | undefined {
  if (item.type === 'manifest-file') return { type: 'manifest', format: item.format, role: item.role, path: item.path };
  if (item.type === 'media-segment') {
    return {
      type: 'segment',
      renditionId: item.renditionId,
      number: item.number,
      path: item.path,
      durationSeconds: item.duration / item.track.timescale,
      bytes: item.byteLength,
    };
  }
  return undefined; // init segments and parts have no event of their own; removals none either
}
