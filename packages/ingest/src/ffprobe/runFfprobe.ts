import { spawn } from 'node:child_process';
import { OttError } from '@ott/core';

/** What ffprobe printed. */
export interface FfprobeOutput {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runFfprobe}. */
export interface RunFfprobeOptions {
  readonly ffprobePath: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** What to show instead of `-show_format -show_streams` (e.g. frame side data). */
  readonly show?: readonly string[];
}

const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * Runs `ffprobe -v error -print_format json -show_format -show_streams <input>` and collects its output. Kills it
 * (SIGKILL) when `timeoutMs` elapses or `signal` aborts; a network input that never answers must not hang a pipeline.
 */
export function runFfprobe(input: string, options: RunFfprobeOptions): Promise<FfprobeOutput> {
  const args = ['-v', 'error', '-hide_banner', '-print_format', 'json', ...(options.show ?? ['-show_format', '-show_streams']), input];
  return new Promise<FfprobeOutput>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    const child = spawn(options.ffprobePath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      action();
    };
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES) {
        child.kill('SIGKILL');
        finish(() => reject(new OttError('PROBE_FAILED', `ffprobe printed more than ${MAX_OUTPUT_BYTES} bytes for "${input}"; the input is not a usable media file.`, { stage: 'ingest', details: { input } })));
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() =>
        reject(
          new OttError('PROBE_FAILED', `ffprobe did not answer within ${options.timeoutMs} ms for "${input}". Check that the URL is reachable, or raise the probe timeout.`, {
            stage: 'ingest',
            details: { input, timeoutMs: options.timeoutMs },
          }),
        ),
      );
    }, options.timeoutMs);
    const onAbort = (): void => {
      child.kill('SIGKILL');
      finish(() => reject(options.signal?.reason));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      finish(() =>
        reject(
          new OttError('FFMPEG_NOT_FOUND', `ffprobe could not be started from "${options.ffprobePath}": ${error.message}. Install ffmpeg (Debian: apt-get install ffmpeg) or set FFPROBE_PATH.`, {
            stage: 'ingest',
            cause: error,
          }),
        ),
      );
    });
    child.on('close', (exitCode) => {
      // eslint-disable-next-line no-restricted-properties -- ffprobe's JSON text (kilobytes), not media; needed whole to parse
      finish(() => resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
    });
  });
}
