import type { Observable } from 'rxjs';
import type { PipelineEvent } from '@ott/core';
import { createGcPacer } from './gcPacer.js';
import { createProgressBar } from './progressBar.js';

/** What a finished run wrote. */
export interface RunSummary {
  readonly segments: number;
  readonly bytes: number;
  readonly manifests: readonly string[];
  readonly seconds: number;
}

/**
 * Subscribes to a pipeline and reports its events: JSON lines on stdout with `json`, else a progress bar on a
 * terminal (stderr) or a line every 10 % when stderr is not a terminal. Resolves with a summary; rejects with the
 * pipeline's error. `gcPacing: false` turns off the forced collections (see `createGcPacer`).
 */
export function runWithReport(pipeline: Observable<PipelineEvent>, json: boolean, options: { readonly gcPacing?: boolean } = {}): Promise<RunSummary> {
  const started = performance.now();
  const bar = json ? undefined : createProgressBar(process.stderr);
  // Not needed when the sample buffers come from a BufferPool: they are reused, not left to the collector.
  const pace = options.gcPacing === false ? () => undefined : createGcPacer(32 * 1024 * 1024);
  let segments = 0;
  let bytes = 0;
  const manifests: string[] = [];
  return new Promise<RunSummary>((resolve, reject) => {
    pipeline.subscribe({
      next: (event) => {
        if (json) process.stdout.write(`${JSON.stringify(event)}\n`);
        switch (event.type) {
          case 'progress':
            bar?.update(event);
            break;
          case 'segment':
            segments += 1;
            bytes += event.bytes;
            pace(event.bytes);
            bar?.segment();
            break;
          case 'manifest':
            manifests.push(event.path);
            break;
          case 'warning':
            bar?.note(`warning ${event.code}: ${event.message}`);
            break;
        }
      },
      error: (error: unknown) => {
        bar?.stop();
        reject(error);
      },
      complete: () => {
        bar?.done();
        resolve({ segments, bytes, manifests, seconds: (performance.now() - started) / 1000 });
      },
    });
  });
}
