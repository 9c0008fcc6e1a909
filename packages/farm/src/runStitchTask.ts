import { OttError } from '@ott/core';
import type { ManifestEvent, WarningEvent } from '@ott/core';
import { segmentCmaf, writeManifests } from '@ott/packager';
import { encryptForFarm, writeFarmKeyFiles } from './FarmEncryption.js';
import { describeStorage } from './storage/FarmStorage.js';
import { openStorage } from './storage/openStorage.js';
import { stitchChunks } from './stitchChunks.js';
import type { StitchTask } from './VodPlan.js';

/** What the stitch step wrote (the VOD job's result). */
export interface StitchResult {
  /** Output location: the folder path, or `s3://bucket/prefix`. */
  readonly output: string;
  readonly segments: number;
  readonly bytes: number;
  /** Manifests (paths relative to the output) in the order they were published. */
  readonly manifests: readonly ManifestEvent[];
  readonly warnings: readonly WarningEvent[];
  /** Wall seconds the stitch took (read chunks, segment, write). */
  readonly seconds: number;
}

/** Options of {@link runStitchTask}. */
export interface StitchTaskOptions {
  /** Fraction (0–1) of the stored pieces packaged so far. */
  readonly onProgress?: (fraction: number) => void;
  /** Aborting stops the stitch; the folder sink removes what this run wrote. */
  readonly signal?: AbortSignal;
}

/**
 * The stitch step of a farm job: {@link stitchChunks} (one continuous timeline per rendition) → `segmentCmaf()` →
 * `writeManifests()` → the output storage's sink, i.e. the same packaging stages as a single-process run, so segment
 * numbers, `tfdt`s, playlists and the MPD come out exactly as they would without chunking. Files are overwritten,
 * so a redone stitch gives the same output.
 */
export function runStitchTask(task: StitchTask, options: StitchTaskOptions = {}): Promise<StitchResult> {
  const started = performance.now();
  const output = openStorage(task.output);
  const work = openStorage(task.work);
  return new Promise<StitchResult>((resolve, reject) => {
    let segments = 0;
    let bytes = 0;
    const manifests: ManifestEvent[] = [];
    const warnings: WarningEvent[] = [];
    const onAbort = (): void => {
      subscription.unsubscribe();
      reject(options.signal?.reason ?? new OttError('QUEUE_JOB_FAILED', 'The stitch was aborted.', { stage: 'transcode' }));
    };
    const subscription = stitchChunks(task, work, { onPiece: (done, total) => options.onProgress?.(done / total) })
      .pipe(
        segmentCmaf({ segmentDuration: task.segmentDuration }),
        encryptForFarm(task.encryption),
        writeManifests({ formats: [...task.formats] }),
        writeFarmKeyFiles(task.encryption, output),
        output.sink(),
      )
      .subscribe({
        next: (event) => {
          if (event.type === 'segment') {
            segments += 1;
            bytes += event.bytes;
          } else if (event.type === 'manifest') manifests.push(event);
          else if (event.type === 'warning' && warnings.length < 50) warnings.push(event);
        },
        error: (error: unknown) => {
          options.signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        complete: () => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve({ output: describeStorage(task.output), segments, bytes, manifests, warnings, seconds: (performance.now() - started) / 1000 });
        },
      });
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
