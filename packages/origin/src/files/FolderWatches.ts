import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';

/** Called with the name of the file that changed in the folder, or `null` when it may be any (poll, watcher lost). */
export type FolderListener = (fileName: string | null) => void;

interface WatchedFolder {
  readonly listeners: Set<FolderListener>;
  watcher: FSWatcher | undefined;
  poll: NodeJS.Timeout | undefined;
}

/**
 * One `fs.watch` per folder, shared by everything that waits on files in it (held playlist reloads, in-progress
 * segments, parts announced by a preload hint), so a thousand viewers of one rendition cost one inotify watch.
 * Writers publish by rename, which is an event on the folder, not on the replaced file. Each folder also gets a
 * fallback poll (`pollIntervalMs`, 0: off) that calls every listener with `null`, for file systems without change
 * events. Watches are closed as soon as the last listener leaves.
 */
export class FolderWatches {
  readonly #pollIntervalMs: number;
  readonly #folders = new Map<string, WatchedFolder>();

  constructor(pollIntervalMs: number) {
    this.#pollIntervalMs = pollIntervalMs;
  }

  /** Number of folders watched now. */
  get size(): number {
    return this.#folders.size;
  }

  /** Calls `listener` on every change in `folder` until the returned function is called. */
  subscribe(folder: string, listener: FolderListener): () => void {
    let entry = this.#folders.get(folder);
    if (!entry) {
      entry = this.#open(folder);
      this.#folders.set(folder, entry);
    }
    const watched = entry;
    watched.listeners.add(listener);
    return () => {
      if (!watched.listeners.delete(listener) || watched.listeners.size > 0) return;
      watched.watcher?.close();
      if (watched.poll) clearInterval(watched.poll);
      if (this.#folders.get(folder) === watched) this.#folders.delete(folder);
    };
  }

  #open(folder: string): WatchedFolder {
    const entry: WatchedFolder = { listeners: new Set(), watcher: undefined, poll: undefined };
    const emit = (fileName: string | null): void => {
      for (const listener of [...entry.listeners]) listener(fileName);
    };
    try {
      const watcher = watch(folder, { persistent: false }, (_event, fileName) => emit(fileName));
      watcher.on('error', () => {
        watcher.close();
        entry.watcher = undefined;
        emit(null); // the folder went away or the watch broke: let everyone look once more
      });
      entry.watcher = watcher;
    } catch {
      // No watcher (folder gone, inotify limit): the poll still runs (if enabled) and every wait has its own deadline.
    }
    if (this.#pollIntervalMs > 0) entry.poll = setInterval(() => emit(null), this.#pollIntervalMs).unref();
    return entry;
  }
}
