import type { Backpressure } from '../flow/Backpressure.js';

/** One store or remove operation of a sink, as the publish order sees it. */
export interface PublishTask {
  /** A manifest or a removal: starts only once every task before it has settled (see `isPublishBarrier`). */
  readonly barrier: boolean;
  /** Bytes held in memory until the task is published (counted on `flow`). */
  readonly bytes: number;
  /** The producer's flow control (media items): paused while too many bytes wait here. */
  readonly flow?: Backpressure | undefined;
}

/** What a {@link PublishQueue} does with its tasks: the storage adapter (a folder, a bucket). */
export interface PublishHooks<T extends PublishTask> {
  /** Stores or removes the task's file. */
  run(task: T): Promise<void>;
  /** The task is stored. Called in arrival order: a task that finished early waits for those before it. */
  published(task: T): void;
  /**
   * The task failed and has left the queue; its bytes still count on its flow, which is now the hook's to settle
   * (fail the run, or hand the task on, e.g. to an outage spool).
   */
  failed(task: T, error: unknown): void;
  /** Any task settled (after `published`/`failed`): the place to check for completion. */
  settled?(): void;
}

/**
 * The one publish order of every storage sink (`toFolder`, `toS3`, the farm's storage): tasks start in arrival order,
 * up to `concurrency` at once (separate files, so their I/O overlaps); a barrier task (manifest, removal) starts only
 * when nothing before it is in flight, so a published manifest never lists a file that is not stored yet and a file
 * is removed only after the manifests that stopped listing it. Events go out in arrival order. Bytes are counted on
 * the producer's flow from {@link push} until published (or released by {@link stop}), which pauses the producer while
 * storage is behind.
 */
export class PublishQueue<T extends PublishTask> {
  readonly #concurrency: number;
  readonly #hooks: PublishHooks<T>;
  readonly #queue: T[] = [];
  /** Tasks started, in arrival order, until published. */
  readonly #started: { readonly task: T; done: boolean }[] = [];
  #inFlight = 0;
  #holding = false;
  #stopped = false;

  constructor(concurrency: number, hooks: PublishHooks<T>) {
    this.#concurrency = Math.max(1, Math.floor(concurrency));
    this.#hooks = hooks;
  }

  /** Tasks running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Nothing waits and nothing runs. */
  get idle(): boolean {
    return this.#queue.length === 0 && this.#inFlight === 0 && this.#started.length === 0;
  }

  /** Accepts a task: its bytes count on its flow from now on. */
  push(task: T): void {
    if (this.#stopped) return;
    task.flow?.enqueue(task.bytes);
    this.#queue.push(task);
    this.#pump();
  }

  /**
   * Stops starting tasks and hands back those not started yet, in order (their bytes still count on their flows;
   * the caller settles them). Tasks in flight finish. {@link resume} starts again.
   */
  hold(): T[] {
    this.#holding = true;
    return this.#queue.splice(0);
  }

  resume(): void {
    this.#holding = false;
    this.#pump();
  }

  /** Ends the queue: nothing starts any more, every task's bytes are released, and no hook is called again. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const task of [...this.#queue.splice(0), ...this.#started.splice(0).map((s) => s.task)]) task.flow?.done(task.bytes);
  }

  #pump(): void {
    while (!this.#stopped && !this.#holding && this.#queue.length > 0 && this.#inFlight < this.#concurrency) {
      const task = this.#queue[0] as T;
      if (task.barrier && this.#inFlight > 0) break;
      this.#queue.shift();
      const entry = { task, done: false };
      this.#started.push(entry);
      this.#inFlight += 1;
      let run: Promise<void>;
      try {
        run = this.#hooks.run(task);
      } catch (error) {
        run = Promise.reject(error);
      }
      run.then(
        () => this.#settle(entry, undefined, false),
        (error: unknown) => this.#settle(entry, error, true),
      );
    }
  }

  #settle(entry: { readonly task: T; done: boolean }, error: unknown, failed: boolean): void {
    this.#inFlight -= 1;
    if (this.#stopped) {
      this.#hooks.settled?.();
      return;
    }
    if (failed) {
      this.#started.splice(this.#started.indexOf(entry), 1);
      this.#hooks.failed(entry.task, error);
    } else entry.done = true;
    while (!this.#stopped && this.#started[0]?.done === true) {
      const { task } = this.#started.shift() as { task: T };
      task.flow?.done(task.bytes);
      this.#hooks.published(task);
    }
    this.#pump();
    this.#hooks.settled?.();
  }
}
