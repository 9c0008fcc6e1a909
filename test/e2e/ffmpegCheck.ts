import { spawn } from 'node:child_process';
import { locateBinary } from '@ott/core';

/** What decoding a stream with ffmpeg found. */
export interface DecodeResult {
  readonly code: number;
  /** Seconds of media decoded (last `out_time` of `-progress`). */
  readonly decodedSeconds: number;
  /** Lines ffmpeg logged at level error. */
  readonly errors: readonly string[];
}

/** Decodes every stream of `input` (a file or manifest) to null with ffmpeg and reports the duration and errors. */
export function decodeWithFfmpeg(input: string, extraInputArgs: readonly string[] = []): Promise<DecodeResult> {
  const args = ['-hide_banner', '-nostats', '-v', 'error', ...extraInputArgs, '-i', input, '-map', '0', '-f', 'null', '-progress', 'pipe:1', '-'];
  return new Promise((resolve, reject) => {
    const child = spawn(locateBinary('ffmpeg'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let progress = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (progress += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const times = [...progress.matchAll(/^out_time_us=(\d+)$/gm)].map((m) => Number(m[1]));
      resolve({
        code: code ?? -1,
        decodedSeconds: (times.at(-1) ?? 0) / 1e6,
        errors: stderr.split('\n').map((l) => l.trim()).filter(Boolean),
      });
    });
  });
}
