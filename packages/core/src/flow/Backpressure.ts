/** Options of {@link Backpressure}. */
export interface BackpressureOptions {
  /** Pause the producer when this many bytes are queued downstream (default 32 MiB). */
  readonly highWaterBytes?: number;
  /** Resume it when the queue drops to this many bytes (default a quarter of the high-water mark). */
  readonly lowWaterBytes?: number;
}

/**
 * Byte-counting flow control between a producer (for example the ffmpeg pipes) and a slow consumer (a sink).
 * Observables push; this lets the consumer push back: the producer attaches it to the items it emits, sinks call
 * {@link Backpressure.enqueue} when they queue bytes and {@link Backpressure.done} when those are written, and the
 * producer pauses its Node streams while {@link Backpressure.paused} is true.
 */
export class Backpressure {
  readonly highWaterBytes: number;
  readonly lowWaterBytes: number;
  #pending = 0;
  #paused = false;
  readonly #listeners = new Set<(paused: boolean) => void>();

  constructor(options: BackpressureOptions = {}) {
    this.highWaterBytes = options.highWaterBytes ?? 32 * 1024 * 1024;
    this.lowWaterBytes = options.lowWaterBytes ?? Math.floor(this.highWaterBytes / 4);
  }

  /** Bytes queued downstream and not yet written. */
  get pending(): number {
    return this.#pending;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Subscribes to pause (`true`) / resume (`false`) changes; returns the unsubscribe function. */
  onChange(listener: (paused: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A consumer queued `bytes`. */
  enqueue(bytes: number): void {
    this.#pending += bytes;
    if (!this.#paused && this.#pending >= this.highWaterBytes) this.#set(true);
  }

  /** A consumer finished with `bytes` it had queued. */
  done(bytes: number): void {
    this.#pending = Math.max(0, this.#pending - bytes);
    if (this.#paused && this.#pending <= this.lowWaterBytes) this.#set(false);
  }

  #set(paused: boolean): void {
    this.#paused = paused;
    for (const listener of this.#listeners) listener(paused);
  }
}
