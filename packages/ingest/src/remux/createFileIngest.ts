import { probe } from '../probe.js';
import { RemuxIngest } from './RemuxIngest.js';

/** Options of {@link createFileIngest}. */
export interface FileIngestOptions {
  /** Media file to play as a live stream. */
  readonly path: string;
  /** Stream key (folder name), default `file`. */
  readonly streamKey?: string;
  /** Loop the file forever (stop with `close()`); default: the stream ends with the file. */
  readonly loop?: boolean;
  readonly ffmpegPath?: string;
}

/**
 * A file played as a live stream, paced in real time (ffmpeg `-re`), for demos and tests. Without `loop` the stream
 * ends when the file does (no grace period), which makes the live-to-VOD step run.
 *
 * @example
 * ```ts
 * const file = createFileIngest({ path: 'talk.mp4', streamKey: 'talk' }).start();
 * ```
 */
export function createFileIngest(options: FileIngestOptions): RemuxIngest {
  return new RemuxIngest({
    protocol: 'file',
    streamKey: options.streamKey ?? 'file',
    inputArgs: ['-re', ...(options.loop ? ['-stream_loop', '-1'] : []), '-i', options.path],
    restart: { mode: 'never' },
    graceMs: 0,
    ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
    remoteAddress: options.path,
    // A file can be probed first: the live ladder then keeps its frame rate and drops rungs taller than it.
    hints: async () => {
      const info = await probe(options.path);
      const { video, audio } = info;
      return {
        ...(video ? { video: { codec: video.codec, width: video.width, height: video.height, frameRate: video.frameRate } } : {}),
        ...(audio ? { audio: { codec: audio.codec, sampleRate: audio.sampleRate, channels: audio.channels } } : {}),
      };
    },
  });
}
