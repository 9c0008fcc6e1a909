import { resolve } from 'node:path';
import { Observable, Subscription } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { isPipelineEvent } from '@ott/core';
import type { OutputFile, PipelineEvent, PipelineItem } from '@ott/core';
import { OutputLedger } from './storage/OutputLedger.js';
import { isOutputFile } from './storage/isOutputFile.js';
import { safeOutputPath } from './storage/safeOutputPath.js';
import { storageError } from './storage/storageError.js';
import { withCleanup } from './storage/withCleanup.js';
import { writeFileAtomic } from './storage/writeFileAtomic.js';

/** Options of {@link toFolder}. */
export interface ToFolderOptions {
  /** Replace files that already exist (default `true`); when `false` an existing file fails the run. */
  readonly overwrite?: boolean;
}

interface Queued {
  readonly item: OutputFile;
  readonly target: string;
  readonly chunks: readonly Uint8Array[];
  readonly bytes: number;
}

type State = 'running' | 'failing' | 'done' | 'cancelled';

/**
 * The file-system sink. Writes every init segment, media segment and manifest to `dir/<item.path>` atomically
 * (temp file + rename, see `writeFileAtomic`), one at a time in arrival order, and emits a `segment` event once a
 * segment is stored and a `manifest` event once a manifest is: manifests arrive after the segments they list, so a
 * published manifest never points at a missing file. Progress and warning events pass through; other items are
 * consumed. Queued bytes are reported to the producer's `flow`, which pauses it while the disk is behind.
 *
 * On an upstream error, a write failure or unsubscription it removes every file and folder this run created and
 * fails with an {@link OttError} whose `details.cleanedUp` lists them (`STORAGE_FULL` for ENOSPC,
 * `STORAGE_WRITE_FAILED` for other write errors, the upstream error's own code otherwise). Files replaced with
 * `overwrite` are removed too, not restored.
 *
 * @example
 * ```ts
 * transcoded$.pipe(segmentCmaf(), writeManifests(), toFolder('out')).subscribe((event) => console.log(event.type));
 * ```
 */
export function toFolder(dir: string, options: ToFolderOptions = {}): OperatorFunction<PipelineItem, PipelineEvent> {
  const root = resolve(dir);
  const overwrite = options.overwrite ?? true;
  return (source) =>
    new Observable<PipelineEvent>((subscriber) => {
      const ledger = new OutputLedger(root);
      const queue: Queued[] = [];
      let state: State = 'running';
      let writing = false;
      let upstreamDone = false;
      let pendingError: unknown;
      let pendingErrorIsOwn = false;
      // Created first so failing during a synchronous subscribe can already unsubscribe (adding to a closed one does).
      const upstream = new Subscription();

      const release = (): void => {
        for (const queued of queue.splice(0)) {
          if (queued.item.type === 'media-segment') queued.item.flow?.done(queued.bytes);
        }
      };
      const failNow = (error: unknown, ownError: boolean): void => {
        state = 'done';
        upstream.unsubscribe();
        release();
        subscriber.error(withCleanup(error, ledger.removeAll(), ownError));
      };
      /** A write was in flight when the run was failed or cancelled: undo now that it has settled. */
      const finishInterrupted = (): void => {
        if (state === 'failing') failNow(pendingError, pendingErrorIsOwn);
        else if (state === 'cancelled') ledger.removeAll();
      };
      const pump = async (): Promise<void> => {
        writing = true;
        while (state === 'running' && queue.length > 0) {
          const queued = queue[0] as Queued;
          try {
            await writeFileAtomic(queued.target, queued.chunks, ledger, { overwrite });
          } catch (error) {
            writing = false;
            if (state === 'running') failNow(storageError(error, queued.item.path, root), true);
            else finishInterrupted();
            return;
          }
          if (state !== 'running') break;
          queue.shift();
          if (queued.item.type === 'media-segment') queued.item.flow?.done(queued.bytes);
          const event = eventOf(queued.item);
          if (event !== undefined) subscriber.next(event);
        }
        writing = false;
        if (state !== 'running') finishInterrupted();
        else if (upstreamDone) {
          state = 'done';
          subscriber.complete();
        }
      };
      const fail = (error: unknown, ownError: boolean): void => {
        if (!writing) {
          failNow(error, ownError);
          return;
        }
        state = 'failing';
        pendingError = error;
        pendingErrorIsOwn = ownError;
      };

      upstream.add(source.subscribe({
        next(item) {
          if (state !== 'running') return;
          if (!isOutputFile(item)) {
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
          const chunks = chunksOf(item);
          const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
          queue.push({ item, target: resolve(root, path), chunks, bytes });
          if (item.type === 'media-segment') item.flow?.enqueue(bytes);
          if (!writing) void pump();
        },
        error(error: unknown) {
          if (state === 'running') fail(error, false);
        },
        complete() {
          upstreamDone = true;
          if (state === 'running' && !writing) {
            state = 'done';
            subscriber.complete();
          }
        },
      }));
      return () => {
        upstream.unsubscribe();
        if (state === 'done') return;
        // Unsubscribed mid-run (or while failing): undo. A write in flight finishes first, then pump() undoes.
        state = 'cancelled';
        release();
        if (!writing) ledger.removeAll();
      };
    });
}

function chunksOf(item: OutputFile): readonly Uint8Array[] {
  if (item.type === 'media-segment') return item.chunks;
  if (item.type === 'init-segment') return [item.data];
  return [Buffer.from(item.data, 'utf8')];
}

function eventOf(item: OutputFile): PipelineEvent | undefined {
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
  return undefined; // init segments have no event of their own: the first segment event implies them
}
