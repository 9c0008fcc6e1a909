/**
 * The wake-ups of a session's loops: {@link Scheduler.tick} resolves at the next {@link Scheduler.wake} (media
 * events, the 250 ms playback watcher, a live refresh), {@link Scheduler.delay} is a timer that {@link Scheduler.clear}
 * cancels on destroy (its promise then never settles: the loops are stopped anyway).
 */
export class Scheduler {
  private waiters: (() => void)[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  /** Resolves on the next wake-up. */
  tick(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Lets everything waiting in {@link tick} take one step. */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Cancels every pending delay. */
  clear(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }
}
