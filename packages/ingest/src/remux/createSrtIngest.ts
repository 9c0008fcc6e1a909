import { OttError } from '@ott/core';
import { isValidStreamKey } from '../live/validateStreamKey.js';
import { RemuxIngest } from './RemuxIngest.js';

/** Options of {@link createSrtIngest}. */
export interface SrtIngestOptions {
  /**
   * `srt://host:port?mode=listener|caller&streamid=…&passphrase=…&latency=…` as ffmpeg takes it. `mode=listener`
   * (the default here) waits for a publisher to call; `caller` connects to a remote listener and asks for `streamid`.
   */
  readonly url: string;
  /** Stream key (folder name); default: the URL's `streamid` when it is folder-safe, else `srt`. */
  readonly streamKey?: string;
  /** Grace period for the publisher to come back (ms, default 10 000). */
  readonly graceMs?: number;
  /**
   * Socket read timeout (ms, default 5000): a caller that connects and then sends nothing for this long is dropped,
   * so it cannot hold the listener (which takes one caller at a time) from the real publisher. ffmpeg's `-timeout`.
   */
  readonly timeoutMs?: number;
  /** Back-off between failed attempts (caller mode), ms. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly ffmpegPath?: string;
}

/**
 * SRT ingest through ffmpeg's libsrt, listener or caller mode. `streamid` selects the stream: in caller mode it is
 * sent to the remote listener; in listener mode it names the stream (ffmpeg's listener accepts one caller at a time,
 * so run one ingest per port). `passphrase` (10–79 characters) turns on AES encryption; a caller with a wrong
 * passphrase is rejected by SRT itself. After a publisher leaves, the listener is started again at once so it can come
 * back within the grace period; a caller that cannot connect retries with exponential back-off.
 *
 * @example
 * ```ts
 * declare const ladder: Ladder;
 * const srt = createSrtIngest({ url: 'srt://127.0.0.1:9000?mode=listener&streamid=cam1' });
 * srt.streams.subscribe((stream) => stream.items.pipe(transcodeLive(ladder), packageLive(), toFolder('out/cam1')).subscribe());
 * srt.start();
 * ```
 */
export function createSrtIngest(options: SrtIngestOptions): RemuxIngest {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (error) {
    throw new OttError('INGEST_CONNECT_FAILED', `"${options.url}" is not an SRT URL; expected srt://host:port?mode=listener.`, { stage: 'ingest', cause: error });
  }
  if (url.protocol !== 'srt:') throw new OttError('INGEST_CONNECT_FAILED', `"${options.url}" is not an SRT URL (srt://host:port?…).`, { stage: 'ingest' });
  if (!url.searchParams.has('mode')) url.searchParams.set('mode', 'listener');
  const streamId = url.searchParams.get('streamid') ?? '';
  const streamKey = options.streamKey ?? (isValidStreamKey(streamId) ? streamId : 'srt');
  const passphrase = url.searchParams.get('passphrase');
  if (passphrase !== null && (passphrase.length < 10 || passphrase.length > 79)) {
    throw new OttError('INGEST_CONNECT_FAILED', 'An SRT passphrase must be 10 to 79 characters long.', { stage: 'ingest' });
  }
  const shown = new URL(url.href);
  if (shown.searchParams.has('passphrase')) shown.searchParams.set('passphrase', '***');
  return new RemuxIngest({
    protocol: 'srt',
    streamKey,
    inputArgs: ['-timeout', String(Math.round((options.timeoutMs ?? 5000) * 1000)), '-i', url.href],
    restart: { mode: 'always', ...(options.initialDelayMs !== undefined ? { initialDelayMs: options.initialDelayMs } : {}), ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}) },
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
    ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
    remoteAddress: shown.href,
  });
}
