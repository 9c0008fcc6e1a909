import type { FlowJob, JobsOptions } from 'bullmq';
import type { VodPlan } from './VodPlan.js';

/** Retry and retention options of the jobs of one VOD flow. */
export interface VodFlowOptions {
  readonly queueName: string;
  /** Attempts per task before the whole job fails (default 3). */
  readonly attempts?: number;
  /** First retry delay in ms, doubled at every retry (default 2000). */
  readonly backoffMs?: number;
  /** How long completed tasks stay in Redis, in seconds (default 86 400; failed ones stay 7 × as long). */
  readonly keepCompletedSeconds?: number;
}

/**
 * The BullMQ flow of one VOD job: `finalize` (job id = the VOD id) ← `stitch` ← every encode task. BullMQ runs a
 * parent only when all its children have completed, so the stitch starts when the last chunk is stored, and the
 * work folder is removed only after the stitch has written the output (a redone stitch still finds its chunks).
 * Every task retries with exponential backoff; a task that runs out of attempts fails its parent, and so the job.
 * Job ids are deterministic, so enqueueing the same plan twice adds nothing.
 */
export function buildVodFlow(plan: VodPlan, options: VodFlowOptions): FlowJob {
  const { queueName } = options;
  const keep = options.keepCompletedSeconds ?? 24 * 3600;
  const retry: JobsOptions = {
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
    // Completed tasks stay a while (progress of late watchers, debugging), failed ones longer. Eviction is by age
    // because a farm's Redis memory is jobs per hour × task records (~2 KB each) × this age.
    removeOnComplete: { age: keep },
    removeOnFail: { age: 7 * keep },
  };
  const child: JobsOptions = { ...retry, failParentOnFailure: true };
  return {
    name: 'finalize',
    queueName,
    data: plan.finalize,
    opts: { ...retry, jobId: plan.finalize.taskId },
    children: [
      {
        name: 'stitch',
        queueName,
        data: plan.stitch,
        opts: { ...child, jobId: plan.stitch.taskId },
        children: plan.encodes.map((task) => ({ name: task.kind, queueName, data: task, opts: { ...child, jobId: task.taskId } })),
      },
    ],
  };
}
