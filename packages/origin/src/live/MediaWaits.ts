import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FolderWatches } from '../files/FolderWatches.js';
import { SegmentFeed } from './SegmentFeed.js';

/** How waiting for a file ended. */
export type ArrivalOutcome = 'ready' | 'timeout' | 'aborted' | 'closed';

/** Options of {@link MediaWaits}. */
export interface MediaWaitsOptions {
  readonly folders: FolderWatches;
  /** Most requests waiting for (or streaming) media that is not complete yet; more are refused. */
  readonly maxWaiting: number;
  /** Most bytes held for one in-progress segment. */
  readonly maxSegmentBytes: number;
  /** Longest time a viewer follows an in-progress segment, in ms (`undefined`: from the rendition playlist). */
  readonly holdMs: number | undefined;
}

interface Arrival {
  readonly waiters: Set<(outcome: ArrivalOutcome) => void>;
  readonly unsubscribe: () => void;
  checking: boolean;
  dirty: boolean;
}

/**
 * The origin's requests for live media that is not there yet: one {@link SegmentFeed} per in-progress segment and
 * one shared existence check per awaited part file, whatever the number of viewers; all on the shared folder watches.
 */
export class MediaWaits {
  readonly #options: MediaWaitsOptions;
  readonly #feeds = new Map<string, SegmentFeed>();
  readonly #arrivals = new Map<string, Arrival>();
  #count = 0;
  #closed = false;

  constructor(options: MediaWaitsOptions) {
    this.#options = options;
  }

  /** Requests counted by {@link enter} and not yet {@link leave}: waiting for media or streaming an in-progress segment. */
  get size(): number {
    return this.#count;
  }

  /** Counts one more request; `false` (refuse it, 503) when the origin is closed or `maxWaiting` are already in. */
  enter(): boolean {
    if (this.#closed || this.#count >= this.#options.maxWaiting) return false;
    this.#count++;
    return true;
  }

  /** Uncounts a request counted by {@link enter}. */
  leave(): void {
    this.#count--;
  }

  /** The shared feed of segment `name` (number `number`, its parts `seg-NNNNN.pN.m4s`) in the real folder `folder`. */
  feed(folder: string, name: string, number: number): SegmentFeed {
    const key = join(folder, name);
    const existing = this.#feeds.get(key);
    if (existing) return existing;
    const feed: SegmentFeed = new SegmentFeed({
      folder,
      name,
      number,
      folders: this.#options.folders,
      maxBytes: this.#options.maxSegmentBytes,
      holdMs: this.#options.holdMs,
      onIdle: () => {
        if (this.#feeds.get(key) === feed) this.#feeds.delete(key);
      },
    });
    this.#feeds.set(key, feed);
    return feed;
  }

  /** Waits until the file `name` exists in the real folder `folder`, for at most `timeoutMs`. */
  waitForFile(folder: string, name: string, timeoutMs: number, signal: AbortSignal): Promise<ArrivalOutcome> {
    if (this.#closed) return Promise.resolve('closed');
    const path = join(folder, name);
    const arrival = this.#arrival(folder, name, path);
    return new Promise((resolve) => {
      const finish = (outcome: ArrivalOutcome): void => {
        if (!arrival.waiters.delete(finish)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (arrival.waiters.size === 0) {
          arrival.unsubscribe();
          if (this.#arrivals.get(path) === arrival) this.#arrivals.delete(path);
        }
        resolve(outcome);
      };
      const onAbort = (): void => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      arrival.waiters.add(finish);
      signal.addEventListener('abort', onAbort, { once: true });
      void this.#check(path, arrival); // it may have appeared before the watch started
    });
  }

  /** Ends every wait (`closed`) and every in-progress stream. */
  close(): void {
    this.#closed = true;
    for (const feed of [...this.#feeds.values()]) feed.close();
    for (const arrival of [...this.#arrivals.values()]) {
      for (const finish of [...arrival.waiters]) finish('closed');
    }
  }

  #arrival(folder: string, name: string, path: string): Arrival {
    const existing = this.#arrivals.get(path);
    if (existing) return existing;
    const arrival: Arrival = {
      waiters: new Set(),
      checking: false,
      dirty: false,
      unsubscribe: this.#options.folders.subscribe(folder, (file) => {
        if (file === null || file === name) void this.#check(path, arrival);
      }),
    };
    this.#arrivals.set(path, arrival);
    return arrival;
  }

  async #check(path: string, arrival: Arrival): Promise<void> {
    if (arrival.checking) {
      arrival.dirty = true; // a look is running and may have started before this change: it looks once more
      return;
    }
    arrival.checking = true;
    try {
      do {
        arrival.dirty = false;
        if (arrival.waiters.size === 0) return;
        const found = await stat(path).then((stats) => stats.isFile(), () => false);
        if (found) for (const finish of [...arrival.waiters]) finish('ready');
      } while (arrival.dirty);
    } finally {
      arrival.checking = false;
    }
  }
}
