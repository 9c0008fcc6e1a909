import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';
import { locateBinary } from '@ott/core';
import type { LiveAudioHint, LiveProtocol, LiveStream, LiveVideoHint, PublisherEvent, StreamHealthEvent, WarningEvent } from '@ott/core';
import { LiveStreamHub } from '../live/LiveStreamHub.js';
import type { PublisherSession } from '../live/LiveStreamHub.js';
import { validateStreamKey } from '../live/validateStreamKey.js';

/** When a {@link RemuxIngest} starts ffmpeg again after it ended. */
export interface RestartPolicy {
  /** `never` (a file), `always` (a listener waiting for the next caller, a camera to pull again). */
  readonly mode: 'never' | 'always';
  /** First delay after a failure (ms, default 500); doubled per failure in a row. */
  readonly initialDelayMs?: number;
  /** Largest delay (ms, default 10 000). */
  readonly maxDelayMs?: number;
}

/** Options of a {@link RemuxIngest}. */
export interface RemuxIngestOptions {
  readonly protocol: LiveProtocol;
  readonly streamKey: string;
  /** ffmpeg input options and `-i <url>`. */
  readonly inputArgs: readonly string[];
  readonly restart: RestartPolicy;
  /** Grace period for a publisher to come back (ms, default 10 000). */
  readonly graceMs?: number;
  readonly ffmpegPath?: string;
  readonly video?: LiveVideoHint;
  readonly audio?: LiveAudioHint;
  /** Shown in publisher events (the URL without credentials). */
  readonly remoteAddress?: string;
  /** Looks up video/audio hints once before the first start (a file can be probed; a live URL cannot). */
  readonly hints?: () => Promise<{ readonly video?: LiveVideoHint; readonly audio?: LiveAudioHint }>;
}

/**
 * The live ingest for every protocol ffmpeg already speaks (SRT, RTSP, a file played in real time): one ffmpeg copies
 * the input's streams, without re-encoding, to MPEG-TS on a pipe. The first byte out of it is the publisher's
 * `connect`; ffmpeg ending is its `disconnect`. With `restart: always` ffmpeg is started again (at once after a
 * session, with exponential back-off after failures), so a camera or caller that comes back within the grace period
 * continues the same stream.
 */
export class RemuxIngest {
  private readonly hub: LiveStreamHub;
  private child: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  private starting = false;
  private found: { readonly video?: LiveVideoHint; readonly audio?: LiveAudioHint } = {};
  readonly streams: Observable<LiveStream>;
  readonly events: Observable<PublisherEvent | StreamHealthEvent | WarningEvent>;

  constructor(private readonly options: RemuxIngestOptions) {
    validateStreamKey(options.streamKey);
    this.hub = new LiveStreamHub({ protocol: options.protocol, ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}) });
    this.streams = this.hub.streams;
    this.events = this.hub.events;
  }

  /** Starts the first ffmpeg. Subscribe to {@link streams} first: a stream is emitted once, when data first flows. */
  start(): this {
    if (this.child || this.timer || this.closed || this.starting) return this;
    const { hints } = this.options;
    if (!hints) {
      this.spawnOnce();
      return this;
    }
    this.starting = true;
    void hints()
      .catch(() => ({}))
      .then((found) => {
        this.starting = false;
        this.found = found;
        if (!this.closed) this.spawnOnce();
      });
    return this;
  }

  /** Stops ffmpeg and restarts, ends the stream now (no grace period). */
  close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const child = this.child;
    this.hub.close();
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    // 'exit', not 'close': 'close' waits for stdout to end, which never happens while nobody reads the stream.
    return new Promise((resolve) => {
      child.once('exit', () => {
        child.stdout?.destroy();
        resolve();
      });
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    });
  }

  private spawnOnce(): void {
    const { options } = this;
    const ffmpeg = options.ffmpegPath ?? locateBinary('ffmpeg');
    const args = [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:3',
      ...options.inputArgs,
      '-map', '0:v:0?', '-map', '0:a:0?', '-c', 'copy', '-f', 'mpegts', '-flush_packets', '1', 'pipe:1',
    ];
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    this.child = child;
    let session: PublisherSession | undefined;
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-2000)));
    const meter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        if (!session) {
          session = this.hub.publish(options.streamKey, {
            format: 'mpegts',
            data: meter,
            ...((options.video ?? this.found.video) ? { video: options.video ?? this.found.video } : {}),
            ...((options.audio ?? this.found.audio) ? { audio: options.audio ?? this.found.audio } : {}),
            ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
          });
        }
        session.health.addBytes(chunk.byteLength);
        done(null, chunk);
      },
    });
    (child.stdout as Readable).pipe(meter);
    countFrames(child.stdio[3] as Readable | null, (n) => session?.health.addFrames(n));
    child.once('error', (error) => {
      this.hub.warn(options.streamKey, 'INGEST_CONNECT_FAILED', `ffmpeg could not be started (${ffmpeg}): ${error.message}. Install ffmpeg or set FFMPEG_PATH.`);
    });
    child.once('close', (code) => {
      this.child = undefined;
      const reason = stderr.trim().split('\n').pop()?.trim();
      if (session) {
        this.failures = 0;
        session.end(code === 0 ? 'input ended' : `input lost${reason ? `: ${reason}` : ''}`);
      } else {
        meter.resume(); // nobody will read it
        this.failures += 1;
        if (!this.closed) this.hub.warn(options.streamKey, 'INGEST_CONNECT_FAILED', `${options.protocol} input ${options.remoteAddress ?? ''} gave no data (ffmpeg code ${String(code)})${reason ? `: ${reason}` : ''}`);
      }
      if (this.closed || options.restart.mode === 'never') {
        if (options.restart.mode === 'never' && !this.closed && !session) this.hub.close();
        return;
      }
      const delay = this.failures === 0 ? 0 : Math.min(options.restart.maxDelayMs ?? 10_000, (options.restart.initialDelayMs ?? 500) * 2 ** (this.failures - 1));
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.closed) this.spawnOnce();
      }, delay);
    });
  }
}

/** Reads ffmpeg's `-progress` blocks and reports how many frames were copied since the last block. */
function countFrames(progress: Readable | null, onFrames: (count: number) => void): void {
  if (!progress) return;
  let last = 0;
  let partial = '';
  progress.setEncoding('utf8').on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^frame=(\d+)/.exec(line);
      if (!match) continue;
      const frames = Number(match[1]);
      if (frames > last) onFrames(frames - last);
      last = frames;
    }
  });
}
