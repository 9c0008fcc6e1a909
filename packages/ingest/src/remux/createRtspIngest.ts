import { OttError } from '@ott/core';
import { isValidStreamKey } from '../live/validateStreamKey.js';
import { RemuxIngest } from './RemuxIngest.js';

/** Options of {@link createRtspIngest}. */
export interface RtspIngestOptions {
  /** `rtsp://[user:pass@]host[:port]/path` of the camera. */
  readonly url: string;
  /** RTP over the RTSP TCP connection (`tcp`, default: works through NAT and firewalls) or over UDP (`udp`). */
  readonly transport?: 'tcp' | 'udp';
  /** Stream key (folder name); default: the URL's last path segment when folder-safe, else `rtsp`. */
  readonly streamKey?: string;
  /** Socket I/O timeout: a camera silent this long counts as gone (ms, default 5000). */
  readonly timeoutMs?: number;
  /** Back-off after a failed pull (ms, default 500, doubling up to `maxDelayMs`, default 10 000). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Grace period for the camera to come back (ms, default 10 000). */
  readonly graceMs?: number;
  readonly ffmpegPath?: string;
}

/**
 * Pulls an IP camera over RTSP with ffmpeg (TCP or UDP transport) and reconnects with exponential back-off when the
 * camera drops or refuses; a camera back within the grace period continues the same stream (a discontinuity).
 * Credentials in the URL are used for the pull and hidden from events.
 *
 * @example
 * ```ts
 * const camera = createRtspIngest({ url: 'rtsp://10.0.0.7:554/stream1', transport: 'tcp' }).start();
 * ```
 */
export function createRtspIngest(options: RtspIngestOptions): RemuxIngest {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (error) {
    throw new OttError('INGEST_CONNECT_FAILED', `"${options.url}" is not an RTSP URL; expected rtsp://host[:port]/path.`, { stage: 'ingest', cause: error });
  }
  if (url.protocol !== 'rtsp:' && url.protocol !== 'rtsps:') throw new OttError('INGEST_CONNECT_FAILED', `"${options.url}" is not an RTSP URL (rtsp://host/path).`, { stage: 'ingest' });
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  const streamKey = options.streamKey ?? (isValidStreamKey(last) ? last : 'rtsp');
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  const timeoutUs = String(Math.round((options.timeoutMs ?? 5000) * 1000));
  return new RemuxIngest({
    protocol: 'rtsp',
    streamKey,
    inputArgs: ['-rtsp_transport', options.transport ?? 'tcp', '-timeout', timeoutUs, '-i', url.href],
    restart: { mode: 'always', ...(options.initialDelayMs !== undefined ? { initialDelayMs: options.initialDelayMs } : {}), ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}) },
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
    ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
    remoteAddress: shown.href,
  });
}
