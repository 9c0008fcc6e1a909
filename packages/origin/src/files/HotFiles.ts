import type { BigIntStats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { OpenFailure, OpenFile } from './openInsideRoot.js';

/** A small file's bytes in memory, with the stats of the version they are. */
export interface CachedFile {
  readonly body: Buffer;
  readonly stats: BigIntStats;
  /** Real path, inside the real root. */
  readonly path: string;
}

/** Limits of {@link HotFiles}. */
export interface HotFilesOptions {
  /** Most bytes held in all (least recently used files go first). */
  readonly maxBytes: number;
  /** Largest file held; larger ones are streamed from disk as before. */
  readonly maxFileBytes: number;
}

/** Opens a real path with `O_NOFOLLOW` as a regular file (the origin's own open). */
export type OpenRegularFile = (real: string) => Promise<OpenFile | OpenFailure>;

/**
 * The small files served lately (live parts, segments, init segments, playlists), in memory. A live origin is many
 * viewers asking for the same few newest files: one `lstat` of the path tells whether the file there is still the
 * version held (same device, inode, size, mtime and ctime: the packager publishes every version by rename, so a new
 * version is a new inode), instead of realpath + open + fstat + read + close per request. Bytes only ever enter
 * through the origin's full check (realpath inside the root, not hidden, `O_NOFOLLOW` open of a path without any
 * symlink), and are reused only while that very inode, unchanged, is still at that path: `lstat` does not follow a
 * final symlink, and another file has another inode. A version that changed in any way, or a file gone, is looked up
 * again the uncached way. Concurrent misses of one file share one read.
 */
export class HotFiles {
  readonly #options: HotFilesOptions;
  /** By real path; Map order is the use order (least recently used first). */
  readonly #entries = new Map<string, CachedFile>();
  readonly #reading = new Map<string, Promise<OpenFile | CachedFile | OpenFailure>>();
  readonly #checking = new Map<string, Promise<BigIntStats | undefined>>();
  #bytes = 0;

  constructor(options: HotFilesOptions) {
    this.#options = options;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * The bytes held for `path` if the file there is still that version; otherwise forgets them. Lookups of one path
   * that arrive while its `lstat` is under way share it: it started at most one `lstat` before them, the same race
   * any request has with a writer's rename.
   */
  async lookup(path: string): Promise<CachedFile | undefined> {
    const entry = this.#entries.get(path);
    if (entry === undefined) return undefined;
    let checking = this.#checking.get(path);
    if (checking === undefined) {
      checking = lstat(path, { bigint: true }).catch(() => undefined).finally(() => this.#checking.delete(path));
      this.#checking.set(path, checking);
    }
    const current = await checking;
    if (current === undefined || !sameVersion(current, entry.stats)) {
      this.#forget(path, entry);
      return undefined;
    }
    if (this.#entries.get(path) === entry) {
      this.#entries.delete(path);
      this.#entries.set(path, entry);
    }
    return entry;
  }

  /**
   * Opens `real` and, when it is small enough, reads it whole into memory (closing the file) and remembers it.
   * Requests that miss the same file meanwhile share that read; a large file is opened for each of them.
   */
  read(real: string, open: OpenRegularFile): Promise<OpenFile | CachedFile | OpenFailure> {
    const pending = this.#reading.get(real);
    if (pending) return pending.then((result): Promise<OpenFile | CachedFile | OpenFailure> | CachedFile | OpenFailure => ('handle' in result ? open(real) : result));
    const reading = this.#readWhole(real, open).finally(() => this.#reading.delete(real));
    this.#reading.set(real, reading);
    return reading;
  }

  async #readWhole(real: string, open: OpenRegularFile): Promise<OpenFile | CachedFile | OpenFailure> {
    const opened = await open(real);
    if (!('handle' in opened) || opened.stats.size > BigInt(Math.min(this.#options.maxFileBytes, this.#options.maxBytes))) return opened;
    const size = Number(opened.stats.size);
    const body = Buffer.allocUnsafe(size);
    let filled = 0;
    try {
      while (filled < size) {
        const { bytesRead } = await opened.handle.read(body, filled, size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
    } catch {
      filled = -1;
    } finally {
      await opened.handle.close().catch(() => undefined);
    }
    // A file that changed under the read (never, for files published by rename): serve it the uncached way.
    if (filled !== size) return open(real);
    const entry: CachedFile = { body, stats: opened.stats, path: real };
    this.#remember(real, entry);
    return entry;
  }

  #remember(real: string, entry: CachedFile): void {
    const old = this.#entries.get(real);
    if (old !== undefined) this.#forget(real, old);
    this.#entries.set(real, entry);
    this.#bytes += entry.body.length;
    for (const [path, oldest] of this.#entries) {
      if (this.#bytes <= this.#options.maxBytes) break;
      this.#forget(path, oldest);
    }
  }

  #forget(real: string, entry: CachedFile): void {
    if (this.#entries.get(real) !== entry) return;
    this.#entries.delete(real);
    this.#bytes -= entry.body.length;
  }
}

/** Same file version: same inode on the same device, unchanged size, content time and status time. */
function sameVersion(current: BigIntStats, held: BigIntStats): boolean {
  return current.isFile() && current.ino === held.ino && current.dev === held.dev && current.size === held.size && current.mtimeNs === held.mtimeNs && current.ctimeNs === held.ctimeNs;
}
