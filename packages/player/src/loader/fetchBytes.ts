import { PlayerError } from '../errors/PlayerError.js';
import type { ByteRange } from '../manifest/Presentation.js';

/** Timing of one download, for the throughput estimator. */
export interface FetchTiming {
  /** Time to first byte (ms), excluded from throughput. */
  readonly ttfbMs: number;
  /** Time bytes were actually flowing (ms): idle gaps between chunks longer than the gap threshold are excluded. */
  readonly activeMs: number;
  readonly bytes: number;
  /**
   * Bytes that arrived within `activeMs`: all but the first read's, which came in at the first byte (time 0 of
   * `activeMs`) and were on the way during the TTFB — counting them would overstate the rate, most when the page
   * was busy and the first read holds a large part of the body.
   */
  readonly timedBytes?: number;
  /**
   * True when idle gaps were excluded (a live segment or part still being produced): the TTFB then includes waiting
   * for the encoder, and chunks arrive in bursts.
   */
  readonly chunked?: boolean;
}

/** Progress callback: bytes so far, total if known, ms since the first byte. */
export type FetchProgress = (loaded: number, total: number | undefined, elapsedMs: number) => void;

/** Options of {@link fetchBytes}. */
export interface FetchOptions {
  readonly byteRange?: ByteRange;
  readonly signal?: AbortSignal;
  readonly onProgress?: FetchProgress;
  readonly headers?: Record<string, string>;
  /** Called once the body is complete. */
  readonly onTiming?: (timing: FetchTiming) => void;
  /**
   * Exclude gaps between chunks longer than 50 ms from `activeMs`: set it for segments still being produced
   * (live edge, chunked CMAF), where the server idles waiting for the encoder. Off for VOD, where a long gap is
   * the network being slow.
   */
  readonly excludeIdleGaps?: boolean;
  /**
   * Called with each piece of the body as it arrives (the body is still returned whole at the end); reading waits
   * for the returned promise, so a slow consumer (SourceBuffer appends) holds the download back.
   */
  readonly onChunk?: (bytes: Uint8Array) => Promise<void>;
}

/** Gaps between chunks longer than this are idle time of chunked (low-latency) delivery, not network time. */
const IDLE_GAP_MS = 50;

/**
 * Fetches `url` (optionally a byte range) into one Uint8Array, reporting progress and a timing that excludes
 * time-to-first-byte and idle gaps, so chunked CMAF delivery does not look like a slow network.
 */
export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.byteRange) headers['Range'] = `bytes=${options.byteRange.offset}-${options.byteRange.offset + options.byteRange.length - 1}`;
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { headers, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new PlayerError('SEGMENT_LOAD_FAILED', `Could not fetch ${url}: ${String(cause)}. Check the URL, CORS headers and the network.`, {
      stage: 'loader', cause, details: { url },
    });
  }
  if (!response.ok) {
    throw new PlayerError('SEGMENT_LOAD_FAILED', `Expected HTTP 2xx for ${url}, got ${response.status}. Check the URL and that the file exists on the server.`, {
      stage: 'loader', details: { url, status: response.status },
    });
  }
  const totalHeader = Number(response.headers.get('content-length'));
  const total = totalHeader > 0 ? totalHeader : undefined;
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let firstByteAt = 0;
  let firstRead = 0;
  let last = 0;
  let activeMs = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const now = performance.now();
      if (firstByteAt === 0) {
        firstByteAt = now;
        firstRead = value.length;
      } else {
        const gap = now - last;
        activeMs += options.excludeIdleGaps && gap > IDLE_GAP_MS ? 0 : gap;
      }
      last = now;
      chunks.push(value);
      loaded += value.length;
      options.onProgress?.(loaded, total, now - firstByteAt);
      if (options.onChunk) {
        await options.onChunk(value);
        last = performance.now(); // time spent appending is not network time
      }
    }
  } else {
    const buffer = new Uint8Array(await response.arrayBuffer());
    firstByteAt = last = performance.now();
    chunks.push(buffer);
    loaded = firstRead = buffer.length;
    await options.onChunk?.(buffer);
  }
  const ttfbMs = (firstByteAt || performance.now()) - started;
  options.onTiming?.({ ttfbMs, activeMs: Math.max(activeMs, 1), bytes: loaded, timedBytes: loaded - firstRead, ...(options.excludeIdleGaps ? { chunked: true } : {}) });
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Fetches text (manifests, playlists, WebVTT), with optional request headers (CMCD). */
export async function fetchText(url: string, signal?: AbortSignal, headers?: Record<string, string>): Promise<{ text: string; url: string }> {
  let response: Response;
  try {
    response = await fetch(url, { ...(signal ? { signal } : {}), ...(headers ? { headers } : {}) });
  } catch (cause) {
    throw new PlayerError('MANIFEST_LOAD_FAILED', `Could not fetch ${url}: ${String(cause)}. Check the URL and CORS headers.`, {
      stage: 'manifest', cause, details: { url },
    });
  }
  if (!response.ok) {
    throw new PlayerError('MANIFEST_LOAD_FAILED', `Expected HTTP 2xx for ${url}, got ${response.status}.`, {
      stage: 'manifest', details: { url, status: response.status },
    });
  }
  return { text: await response.text(), url: response.url || url };
}
