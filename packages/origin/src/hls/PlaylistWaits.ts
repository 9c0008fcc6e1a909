import { basename, dirname } from 'node:path';
import type { FolderWatches } from '../files/FolderWatches.js';
import { isSatisfied, type BlockingRequest } from './blockingReload.js';
import { readPlaylistSnapshot, type PlaylistSnapshot } from './readPlaylistSnapshot.js';

/** How a wait ended: the playlist now satisfies the request, the hold time ran out, the client left, or the origin closed. */
export type WaitOutcome =
  | { readonly kind: 'ready'; readonly snapshot: PlaylistSnapshot }
  | { readonly kind: 'timeout' | 'aborted' | 'closed' | 'busy' };

/** Options of {@link PlaylistWaits}. */
export interface PlaylistWaitsOptions {
  /** Largest playlist read into memory, in bytes. */
  readonly maxPlaylistBytes: number;
  /** Most requests held at once (over it: `busy`, answered 503). */
  readonly maxWaiting: number;
  /** The origin's shared folder watches (their fallback poll also re-reads playlists with waiters). */
  readonly folders: FolderWatches;
}

interface Waiter {
  readonly request: BlockingRequest;
  readonly finish: (outcome: WaitOutcome) => void;
}

interface Watched {
  readonly waiters: Set<Waiter>;
  unsubscribe: () => void;
  reading: boolean;
  dirty: boolean;
}

/**
 * Holds blocking playlist reloads until the playlist file lists what they wait for. The playlist's folder is watched
 * (one shared `fs.watch` per folder, see {@link FolderWatches}: writers replace playlists by rename, an event on the
 * folder, not on the old file); each change is read once and shared by every waiter, so a thousand viewers cost
 * one read per playlist update. The watch is released as soon as nobody waits.
 */
export class PlaylistWaits {
  readonly #options: PlaylistWaitsOptions;
  readonly #watched = new Map<string, Watched>();
  #waiting = 0;
  #closed = false;

  constructor(options: PlaylistWaitsOptions) {
    this.#options = options;
  }

  /** Number of requests waiting now. */
  get size(): number {
    return this.#waiting;
  }

  /** Waits until `path` satisfies `request`, for at most `holdMs`; `signal` aborts (client went away). */
  wait(path: string, request: BlockingRequest, holdMs: number, signal: AbortSignal): Promise<WaitOutcome> {
    if (this.#closed) return Promise.resolve({ kind: 'closed' });
    if (this.#waiting >= this.#options.maxWaiting) return Promise.resolve({ kind: 'busy' });
    return new Promise((resolve) => {
      const watched = this.#watch(path);
      const finish = (outcome: WaitOutcome): void => {
        if (!watched.waiters.delete(waiter)) return;
        this.#waiting--;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (watched.waiters.size === 0) this.#unwatch(path, watched);
        resolve(outcome);
      };
      const waiter: Waiter = { request, finish };
      const onAbort = (): void => finish({ kind: 'aborted' });
      const timer = setTimeout(() => finish({ kind: 'timeout' }), holdMs);
      watched.waiters.add(waiter);
      this.#waiting++;
      signal.addEventListener('abort', onAbort, { once: true });
      // The file may have changed between the caller's read and the watch: look once more now.
      void this.#check(path, watched);
    });
  }

  /** Ends every wait with `closed` and closes the watchers. */
  close(): void {
    this.#closed = true;
    for (const watched of [...this.#watched.values()]) {
      for (const waiter of [...watched.waiters]) waiter.finish({ kind: 'closed' });
    }
  }

  #watch(path: string): Watched {
    const existing = this.#watched.get(path);
    if (existing) return existing;
    const name = basename(path);
    const watched: Watched = { waiters: new Set(), unsubscribe: () => undefined, reading: false, dirty: false };
    watched.unsubscribe = this.#options.folders.subscribe(dirname(path), (file) => {
      if (file === null || file === name) void this.#check(path, watched);
    });
    this.#watched.set(path, watched);
    return watched;
  }

  #unwatch(path: string, watched: Watched): void {
    watched.unsubscribe();
    if (this.#watched.get(path) === watched) this.#watched.delete(path);
  }

  async #check(path: string, watched: Watched): Promise<void> {
    if (watched.reading) {
      watched.dirty = true; // a read is running: it reads once more when done, coalescing bursts of events
      return;
    }
    watched.reading = true;
    try {
      do {
        watched.dirty = false;
        if (watched.waiters.size === 0) return;
        const snapshot = await readPlaylistSnapshot(path, this.#options.maxPlaylistBytes);
        if (!snapshot) continue;
        for (const waiter of [...watched.waiters]) {
          if (isSatisfied(snapshot.progress, waiter.request)) waiter.finish({ kind: 'ready', snapshot });
        }
      } while (watched.dirty);
    } finally {
      watched.reading = false;
    }
  }
}
