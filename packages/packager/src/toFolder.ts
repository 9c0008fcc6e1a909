import { resolve } from 'node:path';
import { Observable, Subscription } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { BufferPool, PipelineEvent, PipelineItem } from '@ott/core';
import { checkOutputFolder } from './storage/checkOutputFolder.js';
import { FolderRun } from './storage/FolderRun.js';

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
  const settings = { root, overwrite: options.overwrite ?? true, concurrency: Math.max(1, options.concurrency ?? 4), live: options.live ?? false, pool: options.pool };
  return (source) =>
    new Observable<PipelineEvent>((subscriber) => {
      // Checked before the source is subscribed: a file where the folder should be fails now, not after the encode.
      const unusable = checkOutputFolder(root);
      if (unusable !== undefined) {
        subscriber.error(unusable);
        return undefined;
      }
      const run = new FolderRun(settings, subscriber);
      // Created first so failing during a synchronous subscribe can already unsubscribe (adding to a closed one does).
      const upstream = new Subscription();
      upstream.add(
        source.subscribe({
          next: (item) => run.accept(item),
          error: (error: unknown) => run.fail(error, false),
          complete: () => run.complete(),
        }),
      );
      return () => {
        upstream.unsubscribe();
        run.cancel();
      };
    });
}
