import type { ProgressEvent } from '@ott/core';

/** What a worker reports with `job.updateProgress()`: encodes send media seconds done, the stitch a fraction. */
export type TaskProgress = { readonly processedSeconds: number; readonly fps?: number } | { readonly fraction: number };

interface TaskState {
  readonly weight: number;
  readonly seconds: number;
  fraction: number;
  fps?: number;
  fpsAt: number;
}

/** An fps report older than this no longer counts towards the farm's current fps (its worker went quiet). */
const FPS_FRESH_MS = 5000;

/**
 * Aggregates the progress of every task of one farm job (reported by different workers) into one `progress` event:
 * percent = Σ weight × fraction done (weights from the plan: pixels × seconds, stitch a few percent), fps = the sum
 * of the encodes' current fps, speed = media seconds done per wall second since watching started, ETA = remaining
 * percent at the rate observed since watching started.
 *
 * @example
 * ```ts
 * declare const plan: VodPlan;
 * const progress = new FarmProgress(plan.finalize.progress, plan.durationSeconds);
 * progress.update('job-1-video_720p-c00000', { processedSeconds: 12, fps: 90 });
 * console.log(progress.event().percent);
 * ```
 */
export class FarmProgress {
  readonly #tasks = new Map<string, TaskState>();
  readonly #duration: number;
  readonly #now: () => number;
  readonly #startedAt: number;
  #startPercent: number | undefined;

  constructor(tasks: readonly { readonly taskId: string; readonly weight: number; readonly seconds: number }[], durationSeconds: number, now: () => number = Date.now) {
    for (const task of tasks) this.#tasks.set(task.taskId, { weight: task.weight, seconds: task.seconds, fraction: 0, fpsAt: 0 });
    this.#duration = durationSeconds;
    this.#now = now;
    this.#startedAt = now();
  }

  /** Whether `taskId` is a task of this job. */
  has(taskId: string): boolean {
    return this.#tasks.has(taskId);
  }

  /** A task reported progress (never moves a task backwards: a redo restarts from 0 but its first try counted). */
  update(taskId: string, progress: unknown): void {
    const task = this.#tasks.get(taskId);
    if (task === undefined || typeof progress !== 'object' || progress === null) return;
    const report = progress as Partial<Record<'processedSeconds' | 'fps' | 'fraction', unknown>>;
    let fraction: number | undefined;
    if (typeof report.fraction === 'number') fraction = report.fraction;
    else if (typeof report.processedSeconds === 'number') fraction = task.seconds > 0 ? report.processedSeconds / task.seconds : 0;
    if (fraction !== undefined && Number.isFinite(fraction)) task.fraction = Math.max(task.fraction, Math.min(0.999, Math.max(0, fraction)));
    if (typeof report.fps === 'number' && Number.isFinite(report.fps)) {
      task.fps = report.fps;
      task.fpsAt = this.#now();
    }
  }

  /** A task completed. */
  complete(taskId: string): void {
    const task = this.#tasks.get(taskId);
    if (task === undefined) return;
    task.fraction = 1;
    delete task.fps;
  }

  /** The aggregated `progress` event (stage `transcode`). */
  event(): ProgressEvent {
    let done = 0;
    let fps = 0;
    const now = this.#now();
    for (const task of this.#tasks.values()) {
      done += task.weight * task.fraction;
      if (task.fps !== undefined && task.fraction < 1 && now - task.fpsAt < FPS_FRESH_MS) fps += task.fps;
    }
    // Rounded so that every task done is exactly 100 (weights are floats summing to 1 ± ε).
    const percent = Math.min(100, Math.max(0, Math.round(done * 1e8) / 1e6));
    this.#startPercent ??= percent;
    const elapsed = (now - this.#startedAt) / 1000;
    const gained = percent - this.#startPercent;
    const processedSeconds = (percent / 100) * this.#duration;
    const eta = elapsed > 0 && gained > 0 ? ((100 - percent) * elapsed) / gained : undefined;
    const speed = elapsed > 0 ? ((gained / 100) * this.#duration) / elapsed : undefined;
    return {
      type: 'progress',
      stage: 'transcode',
      percent,
      processedSeconds,
      totalSeconds: this.#duration,
      ...(fps > 0 ? { fps } : {}),
      ...(speed !== undefined && speed > 0 ? { speed } : {}),
      ...(eta !== undefined ? { etaSeconds: eta } : {}),
    };
  }
}
