import { isAbsolute, resolve } from 'node:path';
import type { Ladder } from '@ott/core';
import { probe } from '@ott/ingest';
import { enqueueVod, toFarmEncryption } from '@ott/farm';
import type { EncryptCmafOptions } from '@ott/drm';
import type { StitchResult } from '@ott/farm';
import { usage } from '../args.js';
import type { ParsedArgs } from '../args.js';
import { printSummary } from '../report/printSummary.js';
import { createProgressBar } from '../report/progressBar.js';

/** Options of {@link runVodOnFarm} (`ott vod --queue <url>`). */
export interface VodFarmOptions {
  readonly redis: string;
  /** Absolute output folder, the same path on every worker. */
  readonly output: string;
  readonly segmentDuration: number;
  readonly gopSeconds: number;
  readonly formats: readonly ('hls' | 'dash')[];
  readonly ladder?: Ladder;
  readonly preset?: string;
  readonly chunkDuration?: number;
  readonly threads?: number;
  /** `--encrypt …`: travels in the job (see `FarmEncryption`) and is applied by the worker that packages. */
  readonly encryption?: EncryptCmafOptions;
  /** Connection settings of an `s3://` output. */
  readonly s3?: { readonly endpoint?: string; readonly region?: string };
  readonly json: boolean;
}

/**
 * `ott vod <input> -o <dir> --queue <redis-url>`: probes the input, puts the job on the transcode farm and follows it
 * (progress bar or JSON lines with aggregated percent, fps and ETA) until the workers have written the output.
 */
export async function runVodOnFarm(input: string, options: VodFarmOptions): Promise<number> {
  const started = performance.now();
  // Workers open the input by the same name: make a local path absolute (URLs stay as they are).
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) || isAbsolute(input) ? input : resolve(input);
  const source = await probe(url);
  if ((source.textStreams?.length ?? 0) > 0) {
    const warning = { type: 'warning', stage: 'packager', code: 'SUBTITLE_STREAM_SKIPPED', message: `The input's ${source.textStreams?.length} subtitle stream(s) are not carried by the farm yet; run ott vod without --queue to keep them.` };
    if (options.json) process.stdout.write(`${JSON.stringify(warning)}\n`);
    else process.stderr.write(`warning ${warning.code}: ${warning.message}\n`);
  }
  const vod = await enqueueVod(
    {
      source,
      output: options.output,
      segmentDuration: options.segmentDuration,
      gopSeconds: options.gopSeconds,
      formats: options.formats,
      ...(options.ladder ? { ladder: options.ladder } : {}),
      ...(options.preset ? { preset: options.preset } : {}),
      ...(options.chunkDuration !== undefined ? { chunkDuration: options.chunkDuration } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(options.encryption !== undefined ? { encryption: toFarmEncryption(absoluteCpixFile(options.encryption)) } : {}),
      ...(options.s3 !== undefined ? { s3: options.s3 } : {}),
    },
    { redis: options.redis },
  );
  const enqueued = { type: 'enqueued', id: vod.id, chunks: vod.chunks, tasks: vod.tasks, added: vod.added };
  if (options.json) process.stdout.write(`${JSON.stringify(enqueued)}\n`);
  else process.stderr.write(`queued ${vod.id}: ${vod.tasks} encode tasks (${vod.chunks} chunks per video rendition)${vod.added ? '' : ' (already queued: watching it)'}\n`);
  const bar = options.json ? undefined : createProgressBar(process.stderr);
  const result = await new Promise<StitchResult>((resolvePromise, reject) => {
    let done: StitchResult | undefined;
    vod.events.subscribe({
      next: (event) => {
        if (options.json) process.stdout.write(`${JSON.stringify(event)}\n`);
        if (event.type === 'progress') bar?.update(event);
        else if (event.type === 'warning') bar?.note(`warning ${event.code}: ${event.message}`);
        else if (event.type === 'farm-done') done = event.result;
      },
      error: (error: unknown) => {
        bar?.stop();
        reject(error);
      },
      complete: () => {
        bar?.done();
        if (done) resolvePromise(done);
        else reject(new Error('the farm job ended without a result'));
      },
    });
  });
  const summary = { segments: result.segments, bytes: result.bytes, manifests: result.manifests.map((m) => m.path), seconds: (performance.now() - started) / 1000 };
  if (options.json) process.stdout.write(`${JSON.stringify({ type: 'done', output: options.output, id: vod.id, ...summary, stitchSeconds: result.seconds })}\n`);
  else printSummary(options.output, summary);
  return 0;
}

/** `--queue <url>` with `--chunk-duration` and `--threads` (`undefined` without `--queue`; the others need it). */
export function farmOptions(args: ParsedArgs): { redis: string; chunkDuration?: number; threads?: number } | undefined {
  const { queue, threads } = args.values;
  const chunk = args.values['chunk-duration'];
  if (queue === undefined) {
    if (chunk !== undefined || threads !== undefined) throw usage('vod', '--chunk-duration and --threads need --queue <redis-url> (they set up farm encodes)');
    return undefined;
  }
  const chunkDuration = chunk === undefined ? undefined : Number(chunk);
  if (chunkDuration !== undefined && !(chunkDuration > 0)) throw usage('vod', `--chunk-duration must be a positive number of seconds, got '${chunk}'`);
  const threadCount = threads === undefined ? undefined : Number(threads);
  if (threadCount !== undefined && !(Number.isInteger(threadCount) && threadCount >= 0)) throw usage('vod', `--threads must be an integer >= 0 (0: ffmpeg decides), got '${threads}'`);
  return { redis: queue, ...(chunkDuration !== undefined ? { chunkDuration } : {}), ...(threadCount !== undefined ? { threads: threadCount } : {}) };
}

/** A CPIX file named on the command line is opened by the workers: make its path absolute like the input's. */
function absoluteCpixFile(encryption: EncryptCmafOptions): EncryptCmafOptions {
  const keys = encryption.keys;
  if (keys === undefined || keys.kind !== 'cpix' || !('file' in keys)) return encryption;
  return { ...encryption, keys: { ...keys, file: resolve(keys.file) } };
}
