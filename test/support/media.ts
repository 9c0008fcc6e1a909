import { spawn } from 'node:child_process';
import path from 'node:path';

/** What {@link generateTestSource} should produce. */
export interface TestSourceOptions {
  /** Length of the file in seconds. */
  readonly seconds: number;
  readonly width: number;
  readonly height: number;
  /** Video frame rate; also sets a closed 2 s GOP (`-g 2*fps`) so 2 s / 4 s segmenting cuts on keyframes. */
  readonly fps: number;
  /** Include a 440 Hz AAC sine track (default true). */
  readonly audio?: boolean;
  /** Include an H.264 testsrc2 track (default true). */
  readonly video?: boolean;
}

/**
 * Runs ffmpeg (FFMPEG_PATH or `ffmpeg` on PATH) with `args` and resolves once it exits 0.
 * Rejects with the tail of ffmpeg's stderr otherwise, so a failing fixture says why.
 */
export function runFfmpeg(args: readonly string[]): Promise<void> {
  const ffmpeg = process.env['FFMPEG_PATH'] ?? 'ffmpeg';
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000);
    });
    child.on('error', (error) => {
      reject(new Error(`Could not start ffmpeg (${ffmpeg}): ${error.message}. Install ffmpeg or set FFMPEG_PATH.`));
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg ${args.join(' ')} exited with ${code ?? signal}:\n${stderr}`));
    });
  });
}

/**
 * Writes a small synthetic MP4 (lavfi `testsrc2` as H.264 ultrafast yuv420p, `sine` as AAC) into `dir`
 * and resolves with its path. Keyframes every 2 s exactly, so `-c copy` HLS/DASH with 2 s or 4 s
 * segments cuts cleanly.
 *
 * @example
 * ```ts
 * const src = await generateTestSource(tmp, { seconds: 12, width: 640, height: 360, fps: 30 });
 * await runFfmpeg(['-i', src, '-c', 'copy', '-f', 'hls', '-hls_time', '4', `${tmp}/index.m3u8`]);
 * ```
 */
export async function generateTestSource(dir: string, options: TestSourceOptions): Promise<string> {
  const { seconds, width, height, fps, audio = true, video = true } = options;
  if (!video && !audio) {
    throw new Error('generateTestSource needs video or audio (or both); both were disabled.');
  }
  const name = `source-${video ? `${width}x${height}p${fps}` : 'audio'}${audio && video ? '-av' : ''}-${seconds}s.mp4`;
  const output = path.join(dir, name);
  const args: string[] = [];
  if (video) args.push('-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`);
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  if (video) {
    const gop = String(Math.round(fps * 2));
    args.push(
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      '-g', gop, '-keyint_min', gop, '-sc_threshold', '0',
    );
  }
  if (audio) args.push('-c:a', 'aac', '-b:a', '64k', '-ac', '2');
  args.push('-t', String(seconds), '-movflags', '+faststart', output);
  await runFfmpeg(args);
  return output;
}
