import type { Job, Queue } from 'bullmq';
import { OttError } from '@ott/core';
import type { BullmqModule } from './redis/loadBullmq.js';

const CHILD = /child ([^\s]+) failed/;

/**
 * The error of a failed farm job. A task that runs out of attempts fails its parent with "child <key> failed", and
 * that parent fails the job: follow the chain down to the task whose own error says what went wrong.
 */
export async function explainFailure(bullmq: BullmqModule, queue: Queue, job: Job): Promise<OttError> {
  let reason = job.failedReason || 'no reason recorded';
  let taskId = job.id ?? '';
  for (let depth = 0; depth < 3; depth++) {
    const match = CHILD.exec(reason);
    const childId = match?.[1]?.split(':').pop();
    if (childId === undefined) break;
    const child = await bullmq.Job.fromId(queue, childId);
    if (child === undefined) break;
    reason = child.failedReason || reason;
    taskId = childId;
  }
  return new OttError('QUEUE_JOB_FAILED', `Farm job ${job.id ?? ''} failed in task ${taskId}: ${reason}`, {
    stage: 'transcode',
    details: { jobId: job.id, taskId, reason },
  });
}
