import type { FetchTiming } from './fetchBytes.js';
import { fetchBytes } from './fetchBytes.js';

/** Most hinted parts fetched ahead and not taken yet; older ones are cancelled. */
const MAX_PENDING = 4;

/**
 * LL-HLS preload hints (RFC 8216bis §4.4.5.3) fetched ahead: the server holds the request until the part exists, so
 * its bytes arrive the moment it is published. They are taken (appended) only once a playlist lists the part, in
 * order: a server may hint the next segment's first part and then close the current segment with one more part, and
 * MSE drops the non-key frames of a part appended after a later keyframe.
 */
export class HintPrefetch {
  private readonly pending = new Map<string, { abort: AbortController; bytes: Promise<Uint8Array | undefined> }>();

  /**
   * Starts fetching `url` under `key` unless already started. A hinted part should exist within a few part
   * durations; past that (at most 1.5 s) the stream stalled (a publisher gone): the request is cancelled before the
   * server gives up with an error (ott's origin holds 2 s), and the part, once listed, is fetched the normal way.
   */
  start(key: string, url: string, headers: Record<string, string>, partSeconds: number, onTiming: (timing: FetchTiming) => void): void {
    if (this.pending.has(key)) return;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.min(1500, 3000 * partSeconds));
    const bytes = fetchBytes(url, { headers, signal: abort.signal, excludeIdleGaps: true, onTiming })
      .catch(() => undefined)
      .finally(() => clearTimeout(timer));
    this.pending.set(key, { abort, bytes });
    for (const [old, entry] of this.pending) {
      if (this.pending.size <= MAX_PENDING) break;
      entry.abort.abort();
      this.pending.delete(old);
    }
  }

  /** The bytes fetched for `key` (undefined if it was not prefetched or the prefetch failed). */
  async take(key: string): Promise<Uint8Array | undefined> {
    const entry = this.pending.get(key);
    this.pending.delete(key);
    return entry?.bytes;
  }

  /** Cancels everything (seek, track change, destroy). */
  clear(): void {
    for (const { abort } of this.pending.values()) abort.abort();
    this.pending.clear();
  }
}
