import { join } from 'node:path';
import type { FolderWatches } from '../files/FolderWatches.js';
import { readRegularFile } from '../files/readRegularFile.js';
import { readPlaylistSnapshot } from '../hls/readPlaylistSnapshot.js';
import { parseMediaFileName, partFileName } from '@ott/core';

/** `building`: parts still coming; `complete`: the segment file exists (see {@link SegmentFeed.tail}); `failed`: it contradicts the parts. */
export type FeedState = 'building' | 'complete' | 'failed';

/** Options of {@link SegmentFeed}. */
export interface SegmentFeedOptions {
  /** Real path of the rendition folder. */
  readonly folder: string;
  /** File name of the complete segment (`seg-00005.m4s`). */
  readonly name: string;
  /** The segment's number: its parts are `partFileName(number, N)` of the layout. */
  readonly number: number;
  readonly folders: FolderWatches;
  /** Most bytes held for one segment (its parts plus the tail of the complete file). */
  readonly maxBytes: number;
  /** Longest time a viewer follows the segment, in ms; `undefined`: 3 × the rendition playlist's target duration. */
  readonly holdMs: number | undefined;
  /** Called once when the last viewer has left (the registry forgets the feed). */
  readonly onIdle: () => void;
}

/** Hold time when neither the options nor a playlist beside the segment say: 3 × a 6 s target duration. */
const FALLBACK_HOLD_MS = 18_000;

/**
 * One segment that is still being built, shared by every request for it. The feed watches the rendition folder
 * (one shared watch), reads each part file once when it appears (`seg-00005.p0.m4s`, `.p1`, … in order; every part is
 * published by atomic rename) and keeps the bytes for the viewers, so 200 viewers cost one read per part. When the
 * complete segment file appears — by contract the byte-exact concatenation of the parts — the feed reads only the
 * bytes beyond the parts it has (the `tail`: parts not seen yet) and is `complete`. Nothing is kept once the last
 * viewer has left.
 */
export class SegmentFeed {
  readonly #options: SegmentFeedOptions;
  readonly #parts: Buffer[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #unsubscribe: () => void;
  #bytes = 0;
  #tail: Buffer | undefined;
  #state: FeedState = 'building';
  #closed = false;
  #reading = false;
  #dirty = false;
  #holdMs: Promise<number> | undefined;

  constructor(options: SegmentFeedOptions) {
    this.#options = options;
    this.#unsubscribe = options.folders.subscribe(options.folder, (file) => {
      if (file === null || parseMediaFileName(file)?.number === options.number) void this.check();
    });
  }

  /** Parts read so far, in order. */
  get parts(): readonly Buffer[] {
    return this.#parts;
  }

  /** Bytes of the complete segment after the parts read (empty when every part was read), once `complete`. */
  get tail(): Buffer | undefined {
    return this.#tail;
  }

  get state(): FeedState {
    return this.#state;
  }

  /** The origin is closing: viewers end now. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How long a viewer may follow this segment, in ms (read once from the rendition's playlist when not configured). */
  holdMs(): Promise<number> {
    this.#holdMs ??=
      this.#options.holdMs !== undefined
        ? Promise.resolve(this.#options.holdMs)
        : readPlaylistSnapshot(join(this.#options.folder, 'playlist.m3u8'), 1024 * 1024).then((snapshot) => {
            const target = snapshot?.progress.targetDuration;
            return target ? target * 3000 : FALLBACK_HOLD_MS;
          });
    return this.#holdMs;
  }

  /** Calls `listener` whenever parts arrive or the state changes, until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
      this.#unsubscribe();
      this.#options.onIdle();
    };
  }

  /** Ends every viewer (the origin is closing). */
  close(): void {
    this.#closed = true;
    this.#notify();
  }

  /** Looks at the folder now; concurrent calls coalesce into one more pass. */
  async check(): Promise<void> {
    if (this.#reading) {
      this.#dirty = true;
      return;
    }
    this.#reading = true;
    try {
      do {
        this.#dirty = false;
        if (this.#state !== 'building' || this.#closed || this.#listeners.size === 0) return;
        if (await this.#advance()) this.#notify();
      } while (this.#dirty);
    } finally {
      this.#reading = false;
    }
  }

  async #advance(): Promise<boolean> {
    const { folder, name, number, maxBytes } = this.#options;
    const complete = await readRegularFile(join(folder, name), maxBytes, this.#bytes);
    if (complete) {
      // The segment is the concatenation of its parts: what lies beyond the parts read is the rest of the segment.
      if (complete.size < this.#bytes) this.#state = 'failed';
      else {
        this.#tail = complete.data;
        this.#state = 'complete';
      }
      return true;
    }
    let changed = false;
    for (;;) {
      const part = await readRegularFile(join(folder, partFileName(number, this.#parts.length)), maxBytes - this.#bytes);
      if (!part) return changed;
      this.#parts.push(part.data);
      this.#bytes += part.data.length;
      changed = true;
    }
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
