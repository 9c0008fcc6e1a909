/**
 * The sink's waiting points: an interruptible sleep (the outage prober's backoff, cut short at shutdown) and
 * conditions re-checked whenever the sink reports a change (`notify`).
 */
export class Signals {
  readonly #waiters = new Set<() => void>();
  #wake: (() => void) | undefined;

  /** Resolves after `ms`, or at once on {@link wake}. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  /** Ends the current sleep. */
  wake(): void {
    this.#wake?.();
  }

  /** Resolves once `condition` holds (checked now and at every {@link notify}). */
  until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      check();
    });
  }

  notify(): void {
    for (const check of [...this.#waiters]) check();
  }
}
