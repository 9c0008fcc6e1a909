import { rmdir } from 'node:fs/promises';
import { availableParallelism, hostname } from 'node:os';
import { basename, dirname } from 'node:path';
import type { Job } from 'bullmq';
import { OttError, isOttError } from '@ott/core';
import { WorkerMetrics } from './metrics/WorkerMetrics.js';
import type { FarmJobKind } from './metrics/WorkerMetrics.js';
import { startMetricsServer } from './metrics/startMetricsServer.js';
import type { MetricsServer } from './metrics/startMetricsServer.js';
import { loadBullmq } from './redis/loadBullmq.js';
import { redisConnection } from './redis/redisConnection.js';
import { waitForRedis } from './redis/waitForRedis.js';
import { WORK_FOLDER } from './planVod.js';
import { runEncodeTask } from './runEncodeTask.js';
import { runStitchTask } from './runStitchTask.js';
import type { StitchResult } from './runStitchTask.js';
import { openStorage } from './storage/openStorage.js';
import type { FarmTask } from './VodPlan.js';

/** Default BullMQ queue of the farm. */
export const DEFAULT_QUEUE = 'ott-vod';

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** Redis shared by the farm, e.g. `redis://10.0.0.5:6379`. */
  readonly redis: string;
  /** BullMQ queue name (default `ott-vod`); enqueuer and workers must agree. */
  readonly queueName?: string;
  /** Tasks processed at once (default: the number of CPU cores; each encode is single-threaded by default). */
  readonly concurrency?: number;
  /** Serve Prometheus metrics on this port at `/metrics` (0: a free port); default: no endpoint. */
  readonly metricsPort?: number;
  /** Interface of the metrics endpoint (default `127.0.0.1`; `0.0.0.0` for a scraper on another machine). */
  readonly metricsHost?: string;
  /**
   * Lock time of a running task in ms (default 30 000). The worker renews it every half; when a worker dies
   * (SIGKILL, power loss) its task is handed to another worker after at most about twice this.
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for tasks whose worker died, in ms (default: `lockDurationMs`). */
  readonly stalledIntervalMs?: number;
  /** ffmpeg binary (default: `FFMPEG_PATH`, then `PATH`). */
  readonly ffmpegPath?: string;
  /** Least time between two progress reports of one task, in ms (default 1000; each is one Redis round trip). */
  readonly progressIntervalMs?: number;
  /** Worker name stored on the jobs it processes (default `<hostname>-<pid>`). */
  readonly name?: string;
  /** Called for every task this worker starts, completes or fails (for logs). */
  readonly onEvent?: (event: FarmWorkerEvent) => void;
}

/** A task changed state on this worker. */
export interface FarmWorkerEvent {
  readonly type: 'job';
  readonly action: 'active' | 'completed' | 'failed' | 'error';
  readonly worker: string;
  readonly jobId?: string;
  readonly kind?: FarmJobKind;
  /** Attempt number (1-based) of the task. */
  readonly attempt?: number;
  /** Wall seconds the task took (completed). */
  readonly seconds?: number;
  /** The output was already stored by an earlier attempt (completed). */
  readonly skipped?: boolean;
  readonly message?: string;
}

/** A running farm worker. */
export interface FarmWorker {
  readonly name: string;
  /** The `/metrics` URL when `metricsPort` was given. */
  readonly metricsUrl?: string;
  readonly metrics: WorkerMetrics;
  /**
   * Stops taking tasks and waits for the running ones (`force`: abort them at once; they are redone elsewhere),
   * then closes the Redis connections and the metrics endpoint.
   */
  close(options?: { readonly force?: boolean }): Promise<void>;
}

/**
 * Starts a transcode-farm worker: takes tasks of VOD jobs from the BullMQ queue in Redis (see {@link enqueueVod})
 * and runs them — chunk and audio encodes with ffmpeg into the work storage, the stitch that packages the stored
 * pieces into HLS + DASH, the final clean-up. Run one per machine (or several); they only share Redis and storage.
 * A task whose worker dies is taken over by another once its lock expires; a failed task is retried with
 * exponential backoff; outputs are written atomically, so redoing a task is harmless.
 *
 * @example
 * ```ts
 * const worker = await startWorker({ redis: 'redis://127.0.0.1:6379', metricsPort: 9464 });
 * process.on('SIGTERM', () => void worker.close());
 * ```
 */
export async function startWorker(options: StartWorkerOptions): Promise<FarmWorker> {
  const { Worker } = await loadBullmq();
  const name = options.name ?? `${hostname()}-${process.pid}`;
  const metrics = new WorkerMetrics();
  const emit = (event: Omit<FarmWorkerEvent, 'type' | 'worker'>): void => options.onEvent?.({ type: 'job', worker: name, ...event });
  const aborts = new Set<AbortController>();
  const lockDuration = options.lockDurationMs ?? 30_000;
  let server: MetricsServer | undefined;
  if (options.metricsPort !== undefined) server = await startMetricsServer(metrics, options.metricsPort, options.metricsHost);

  const processor = async (job: Job<FarmTask>): Promise<unknown> => {
    const kind = job.data.kind;
    const started = performance.now();
    const abort = new AbortController();
    aborts.add(abort);
    metrics.started(kind);
    emit({ action: 'active', jobId: job.id ?? '', kind, attempt: job.attemptsMade + 1 });
    try {
      const result = await runTask(job, abort.signal, options, metrics);
      metrics.completed(kind);
      const skipped = typeof result === 'object' && result !== null && 'skipped' in result && result.skipped === true;
      emit({ action: 'completed', jobId: job.id ?? '', kind, seconds: (performance.now() - started) / 1000, ...(skipped ? { skipped } : {}) });
      return result;
    } catch (error) {
      metrics.failed(kind);
      emit({ action: 'failed', jobId: job.id ?? '', kind, attempt: job.attemptsMade + 1, message: messageOf(error) });
      // BullMQ stores the message only: keep the code in it so the enqueuer can rebuild the error.
      throw isOttError(error) ? new Error(`${error.code}: ${error.message}`) : error;
    } finally {
      aborts.delete(abort);
      metrics.encodeFps(job.id ?? '', undefined);
    }
  };

  const worker = new Worker<FarmTask>(options.queueName ?? DEFAULT_QUEUE, processor, {
    connection: redisConnection(options.redis),
    name,
    concurrency: Math.max(1, options.concurrency ?? availableParallelism()),
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? lockDuration,
    // A Redis restart can stall every running task once; allow a few before giving up on one.
    maxStalledCount: 5,
    autorun: false,
  });
  // Connection errors while Redis is away are expected (ioredis reconnects, BullMQ resumes): report each once a minute.
  const reported = new Map<string, number>();
  const onError = (error: unknown): void => {
    const message = messageOf(error);
    const now = Date.now();
    if (now - (reported.get(message) ?? -Infinity) < 60_000) return;
    reported.set(message, now);
    emit({ action: 'error', message });
  };
  worker.on('error', onError);
  try {
    await waitForRedis(worker, options.redis);
  } catch (error) {
    await worker.close(true).catch(() => undefined);
    await server?.close();
    throw error;
  }
  void worker.run().catch(onError);
  return {
    name,
    ...(server ? { metricsUrl: server.url } : {}),
    metrics,
    close: async (closeOptions = {}) => {
      if (closeOptions.force) for (const abort of aborts) abort.abort(new OttError('QUEUE_JOB_FAILED', `Worker ${name} was stopped.`, { stage: 'transcode' }));
      await worker.close(closeOptions.force === true);
      await server?.close();
    },
  };
}

async function runTask(job: Job<FarmTask>, signal: AbortSignal, options: StartWorkerOptions, metrics: WorkerMetrics): Promise<unknown> {
  const task = job.data;
  const id = job.id ?? '';
  let lastReport = 0;
  const report = (progress: object, force = false): void => {
    const now = Date.now();
    if (!force && now - lastReport < (options.progressIntervalMs ?? 1000)) return;
    lastReport = now;
    job.updateProgress(progress).catch(() => undefined); // progress is best effort (Redis may be away)
  };
  switch (task.kind) {
    case 'chunk':
    case 'audio': {
      const result = await runEncodeTask(task, {
        signal,
        ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
        onProgress: (progress) => {
          metrics.encodeFps(id, progress.fps);
          report({ processedSeconds: progress.processedSeconds, ...(progress.fps !== undefined ? { fps: progress.fps } : {}) });
        },
      });
      if (result.frames !== undefined) metrics.framesEncoded(result.frames);
      return result;
    }
    case 'stitch':
      return runStitchTask(task, { signal, onProgress: (fraction) => report({ fraction }, fraction === 1) });
    case 'finalize': {
      const values = Object.values(await job.getChildrenValues<StitchResult>());
      await openStorage(task.work).clear();
      // The shared `.ott-farm` folder goes too once no other job uses it (rmdir fails on a non-empty folder).
      if (task.work.kind === 'folder') {
        const parent = dirname(task.work.path);
        if (basename(parent) === WORK_FOLDER) await rmdir(parent).catch(() => undefined);
      }
      const result = values[0];
      if (result === undefined) throw new OttError('QUEUE_JOB_FAILED', `Job ${id}: the stitch result is missing.`, { stage: 'transcode' });
      return result;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
