/** Kinds of farm jobs, as metric labels. */
export type FarmJobKind = 'chunk' | 'audio' | 'stitch' | 'finalize';

const KINDS: readonly FarmJobKind[] = ['chunk', 'audio', 'stitch', 'finalize'];

/**
 * The counters a farm worker exposes, rendered in the Prometheus text exposition format (version 0.0.4):
 * `ott_jobs_active` (gauge), `ott_jobs_completed_total` / `ott_jobs_failed_total` (counters by `kind`),
 * `ott_encode_fps` (gauge: frames per second of the encodes running now, summed) and `ott_encoded_frames_total`.
 *
 * @example
 * ```ts
 * const metrics = new WorkerMetrics();
 * metrics.started('chunk');
 * console.log(metrics.render());
 * ```
 */
export class WorkerMetrics {
  #active = 0;
  readonly #completed = new Map<FarmJobKind, number>();
  readonly #failed = new Map<FarmJobKind, number>();
  readonly #fps = new Map<string, number>();
  #frames = 0;

  started(_kind: FarmJobKind): void {
    this.#active += 1;
  }

  completed(kind: FarmJobKind): void {
    this.#active = Math.max(0, this.#active - 1);
    this.#completed.set(kind, (this.#completed.get(kind) ?? 0) + 1);
  }

  failed(kind: FarmJobKind): void {
    this.#active = Math.max(0, this.#active - 1);
    this.#failed.set(kind, (this.#failed.get(kind) ?? 0) + 1);
  }

  /** Latest encoder speed of one running encode (`undefined` when it ended). */
  encodeFps(jobId: string, fps: number | undefined): void {
    if (fps === undefined) this.#fps.delete(jobId);
    else this.#fps.set(jobId, fps);
  }

  /** Frames an encode finished. */
  framesEncoded(frames: number): void {
    this.#frames += frames;
  }

  get active(): number {
    return this.#active;
  }

  /** The `/metrics` body. */
  render(): string {
    const fps = [...this.#fps.values()].reduce((sum, value) => sum + value, 0);
    const byKind = (map: ReadonlyMap<FarmJobKind, number>, name: string): string[] => KINDS.map((kind) => `${name}{kind="${kind}"} ${map.get(kind) ?? 0}`);
    return [
      '# HELP ott_jobs_active Farm jobs this worker is processing now.',
      '# TYPE ott_jobs_active gauge',
      `ott_jobs_active ${this.#active}`,
      '# HELP ott_jobs_completed_total Farm jobs this worker completed.',
      '# TYPE ott_jobs_completed_total counter',
      ...byKind(this.#completed, 'ott_jobs_completed_total'),
      '# HELP ott_jobs_failed_total Farm job attempts that failed on this worker (retried while attempts remain).',
      '# TYPE ott_jobs_failed_total counter',
      ...byKind(this.#failed, 'ott_jobs_failed_total'),
      '# HELP ott_encode_fps Frames per second of the encodes running on this worker now, summed.',
      '# TYPE ott_encode_fps gauge',
      `ott_encode_fps ${Number(fps.toFixed(2))}`,
      '# HELP ott_encoded_frames_total Video and audio frames this worker encoded.',
      '# TYPE ott_encoded_frames_total counter',
      `ott_encoded_frames_total ${this.#frames}`,
      '',
    ].join('\n');
  }
}
