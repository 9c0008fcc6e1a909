import { Observable } from 'rxjs';
import type { Job, Queue, QueueEvents } from 'bullmq';
import { OttError } from '@ott/core';
import { explainFailure } from './explainFailure.js';
import type { FarmEvent } from './FarmEvent.js';
import { FarmProgress } from './FarmProgress.js';
import { loadBullmq } from './redis/loadBullmq.js';
import type { BullmqModule } from './redis/loadBullmq.js';
import { redisConnection } from './redis/redisConnection.js';
import { waitForRedis } from './redis/waitForRedis.js';
import type { StitchResult } from './runStitchTask.js';
import { DEFAULT_QUEUE } from './startWorker.js';
import type { FinalizeTask } from './VodPlan.js';

/** Options of {@link watchVod}. */
export interface WatchVodOptions {
  /** Redis of the farm, e.g. `redis://10.0.0.5:6379`. */
  readonly redis: string;
  readonly queueName?: string;
  /**
   * Read queue events after this stream id (set by `enqueueVod`, which notes it before adding the job so no event
   * is missed). Without it, current progress is fetched once from every task, then events follow.
   */
  readonly sinceEventId?: string;
  /** How often the job's own state is checked besides events, in ms (default 2000): covers events lost in a Redis restart. */
  readonly pollMs?: number;
}

const EMIT_EVERY_MS = 250;

/**
 * Watches a farm job from any process that reaches Redis: progress aggregated across every worker (BullMQ
 * `QueueEvents`, at most 4 events a second), a `warning` when a task attempt fails (it is retried), then, once the
 * job completed, the stitch's warnings, one `manifest` event per manifest written and a `farm-done` event, and
 * completes. A job that fails errors the stream with `QUEUE_JOB_FAILED` naming the task that failed and why.
 * Unsubscribing only stops watching; the job goes on.
 *
 * @example
 * ```ts
 * watchVod('job-1', { redis: 'redis://127.0.0.1:6379' }).subscribe((e) => e.type === 'progress' && console.log(e.percent));
 * ```
 */
export function watchVod(id: string, options: WatchVodOptions): Observable<FarmEvent> {
  return new Observable<FarmEvent>((subscriber) => {
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const opened: (Queue | QueueEvents)[] = [];
    const stop = (): void => {
      closed = true;
      clearInterval(timer);
      for (const resource of opened.splice(0)) void resource.close().catch(() => undefined);
    };
    const fail = (error: unknown): void => {
      if (closed) return;
      stop();
      subscriber.error(error);
    };
    const run = async (): Promise<void> => {
      const bullmq = await loadBullmq();
      const name = options.queueName ?? DEFAULT_QUEUE;
      const connection = redisConnection(options.redis);
      const queue = new bullmq.Queue(name, { connection });
      const events = new bullmq.QueueEvents(name, { connection, ...(options.sinceEventId !== undefined ? { lastEventId: options.sinceEventId } : {}) });
      opened.push(queue, events);
      events.on('error', () => undefined); // reconnecting while Redis is away
      await waitForRedis(queue, options.redis);
      const root = await bullmq.Job.fromId<FinalizeTask>(queue, id);
      if (root === undefined) throw new OttError('QUEUE_JOB_FAILED', `No farm job "${id}" in queue "${name}" at ${options.redis}.`, { stage: 'transcode' });
      const progress = new FarmProgress(root.data.progress, root.data.durationSeconds);
      let lastEmit = 0;
      const emitProgress = (): void => {
        const now = Date.now();
        if (closed || now - lastEmit < EMIT_EVERY_MS) return;
        lastEmit = now;
        subscriber.next(progress.event());
      };
      let finished = false;
      const finish = (result: StitchResult): void => {
        if (closed || finished) return;
        finished = true;
        for (const task of root.data.progress) progress.complete(task.taskId);
        subscriber.next(progress.event());
        for (const warning of result.warnings) subscriber.next(warning);
        for (const manifest of result.manifests) subscriber.next(manifest);
        subscriber.next({ type: 'farm-done', id, result });
        stop();
        subscriber.complete();
      };
      events.on('progress', ({ jobId, data }) => {
        if (!progress.has(jobId)) return;
        progress.update(jobId, data);
        emitProgress();
      });
      events.on('completed', ({ jobId, returnvalue }) => {
        if (jobId === id) finish(parseResult(returnvalue));
        else if (progress.has(jobId)) {
          progress.complete(jobId);
          emitProgress();
        }
      });
      events.on('failed', ({ jobId, failedReason }) => {
        if (jobId === id || closed) void check();
        else if (progress.has(jobId)) subscriber.next({ type: 'warning', stage: 'transcode', code: 'QUEUE_TASK_FAILED', message: `Task ${jobId} failed: ${failedReason}` });
      });
      const check = async (): Promise<void> => {
        const job = await bullmq.Job.fromId<FinalizeTask, StitchResult>(queue, id);
        if (job === undefined || closed) return;
        const state = await job.getState();
        if (state === 'completed') finish(job.returnvalue);
        else if (state === 'failed') fail(await explainFailure(bullmq, queue, job));
      };
      if (options.sinceEventId === undefined) await catchUp(bullmq, queue, progress, root.data.progress);
      await waitForRedis(events, options.redis);
      timer = setInterval(() => void check().catch(() => undefined), options.pollMs ?? 2000);
      await check();
      emitProgress();
    };
    run().catch(fail);
    return stop;
  });
}

/** A late watcher: the progress of every task so far (one read per task). */
async function catchUp(bullmq: BullmqModule, queue: Queue, progress: FarmProgress, tasks: FinalizeTask['progress']): Promise<void> {
  for (const { taskId } of tasks) {
    const job: Job | undefined = await bullmq.Job.fromId(queue, taskId);
    if (job === undefined) continue;
    if (job.finishedOn !== undefined && !job.failedReason) progress.complete(taskId);
    else progress.update(taskId, job.progress);
  }
}

function parseResult(returnvalue: unknown): StitchResult {
  return (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as StitchResult;
}
