import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Observable } from 'rxjs';
import { buildVodFlow } from './buildVodFlow.js';
import type { FarmEvent } from './FarmEvent.js';
import { planVod } from './planVod.js';
import { loadBullmq } from './redis/loadBullmq.js';
import { redisConnection } from './redis/redisConnection.js';
import { waitForRedis } from './redis/waitForRedis.js';
import { DEFAULT_QUEUE } from './startWorker.js';
import type { VodJob } from './VodJob.js';
import { watchVod } from './watchVod.js';

/** Options of {@link enqueueVod}. */
export interface EnqueueVodOptions {
  /** Redis of the farm, e.g. `redis://10.0.0.5:6379`. */
  readonly redis: string;
  /** BullMQ queue name (default `ott-vod`). */
  readonly queueName?: string;
  /** Attempts per task (default 3), retried with exponential backoff from `backoffMs` (default 2000). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  /** How long finished task records stay in Redis, in seconds (default one day; lower it for busy farms). */
  readonly keepCompletedSeconds?: number;
}

/** A job on the farm. */
export interface EnqueuedVod {
  readonly id: string;
  /** Video chunks per rendition. */
  readonly chunks: number;
  /** Encode tasks (chunks × video renditions + audio renditions). */
  readonly tasks: number;
  /** `false` when a job with this id was already queued (nothing was added). */
  readonly added: boolean;
  /** Watch it: see {@link watchVod} (cold: each subscription opens its own Redis connections). */
  readonly events: Observable<FarmEvent>;
}

/**
 * Puts a VOD job on the transcode farm's BullMQ queue and returns at once; workers ({@link startWorker},
 * `ott worker`) on any machine sharing Redis and the storage do the work. The job is planned here (see `planVod`:
 * GOP-aligned video chunks × renditions, one audio task per audio rendition, then a stitch) and added as one BullMQ
 * flow. `events` reports aggregated progress and completion.
 *
 * @example
 * ```ts
 * const source = await probe('/mnt/shared/in.mp4');
 * const vod = await enqueueVod({ source, output: '/mnt/shared/out' }, { redis: 'redis://127.0.0.1:6379' });
 * vod.events.subscribe((e) => e.type === 'progress' && console.log(`${e.percent.toFixed(0)}%  eta ${e.etaSeconds ?? '?'} s`));
 * ```
 */
export async function enqueueVod(job: VodJob, options: EnqueueVodOptions): Promise<EnqueuedVod> {
  const id = job.id ?? `vod-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const plan = planVod(job, id);
  const bullmq = await loadBullmq();
  const queueName = options.queueName ?? DEFAULT_QUEUE;
  const connection = redisConnection(options.redis);
  const queue = new bullmq.Queue(queueName, { connection });
  const producer = new bullmq.FlowProducer({ connection });
  let added = false;
  let sinceEventId: string | undefined;
  try {
    await waitForRedis(queue, options.redis);
    if ((await bullmq.Job.fromId(queue, id)) === undefined) {
      sinceEventId = await lastEventId(queue);
      const { attempts, backoffMs, keepCompletedSeconds } = options;
      await producer.add(
        buildVodFlow(plan, {
          queueName,
          ...(attempts !== undefined ? { attempts } : {}),
          ...(backoffMs !== undefined ? { backoffMs } : {}),
          ...(keepCompletedSeconds !== undefined ? { keepCompletedSeconds } : {}),
        }),
      );
      added = true;
    }
  } finally {
    await Promise.allSettled([producer.close(), queue.close()]);
  }
  return {
    id,
    chunks: plan.chunks.length,
    tasks: plan.encodes.length,
    added,
    events: watchVod(id, { redis: options.redis, queueName, ...(sinceEventId !== undefined ? { sinceEventId } : {}) }),
  };
}

/** Raw ioredis command the BullMQ client forwards (its adapter only types the commands BullMQ itself uses). */
type StreamReader = { xrevrange?: (key: string, end: string, start: string, count: 'COUNT', n: number) => Promise<[string, string[]][]> };

/**
 * The id of the newest entry of the queue's event stream, noted before adding a job so the watcher reads every
 * event of it and needs no catch-up (one read per task). `undefined` (catch up instead) on a client without XREVRANGE.
 */
async function lastEventId(queue: Queue): Promise<string | undefined> {
  const client = (await queue.client) as unknown as StreamReader;
  const key = queue.keys.events;
  if (typeof client.xrevrange !== 'function' || key === undefined) return undefined;
  const last = await client.xrevrange(key, '+', '-', 'COUNT', 1);
  return last[0]?.[0] ?? '0';
}
