import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { locateBinary } from '@ott/core';

/** An ffmpeg process publishing a generated test signal over RTMP. */
export interface FfmpegPublisher {
  readonly process: ChildProcess;
  /** Exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** What ffmpeg printed on stderr (errors only). */
  stderr(): string;
}

/**
 * Publishes `seconds` of 320x180@25 testsrc2 (x264, keyframe every second) + a sine (AAC) to `url` in real time,
 * as the brief's reference command does. Tests only.
 */
export function publishWithFfmpeg(url: string, seconds: number): FfmpegPublisher {
  // prettier-ignore
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25',
    '-c:a', 'aac', '-f', 'flv', url,
  ];
  const child = spawn(locateBinary('ffmpeg'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, exited, stderr: () => stderr };
}

/** One stream as ffprobe reports it after decoding the whole input. */
export interface ProbedStream {
  readonly codec_type: string;
  readonly codec_name: string;
  readonly width?: number;
  readonly height?: number;
  readonly nb_read_frames?: string;
}

/** Decodes an FLV byte stream with ffprobe reading it from a pipe (`-count_frames`). Tests only. */
export function probeFlvPipe(data: Readable): Promise<ProbedStream[]> {
  // prettier-ignore
  const args = ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,codec_name,width,height,nb_read_frames', '-of', 'json', '-f', 'flv', '-i', 'pipe:0'];
  const child = spawn(locateBinary('ffprobe'), args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  data.pipe(child.stdin);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`ffprobe exited ${code}: ${err}`));
      resolve((JSON.parse(out) as { streams: ProbedStream[] }).streams);
    });
  });
}
