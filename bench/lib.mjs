// Shared helpers for the benchmarks: run a command, sample its peak RSS from /proc, make inputs with ffmpeg.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WORK = join(ROOT, 'bench', '.work');
export const OTT = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
export const SHAKA = join(ROOT, 'node_modules', 'shaka-packager', 'bin', 'packager-linux-x64');

/** Peak resident set (VmHWM) of a process tree rooted at pid, in bytes, read from /proc. */
function treeHwm(pid) {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) total += Number(m[1]) * 1024;
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      if (children) stack.push(...children.split(/\s+/).map(Number));
    } catch {
      // gone
    }
  }
  return total;
}

/** Runs a command to completion; returns wall seconds and peak RSS (sampled every 20 ms) of the process tree. */
export function measure(cmd, args, { cwd = ROOT, env = process.env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peak = 0;
    child.stderr.on('data', (c) => {
      stderr += c.toString();
      if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
    });
    const timer = setInterval(() => {
      peak = Math.max(peak, treeHwm(child.pid));
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolvePromise({ seconds, peakRss: peak });
    });
  });
}

const GNU_TIME = '/usr/bin/time';

/**
 * Like {@link measure}, but through GNU time (Debian package `time`) when it is installed: wall seconds, user and
 * system CPU seconds and peak RSS (the kernel's own maximum, `ru_maxrss`, of the one process each tool runs as), with
 * no sampler competing for the 2 cores. Without GNU time it falls back to {@link measure} (no CPU times).
 */
export async function measureTimed(cmd, args, options = {}) {
  if (!existsSync(GNU_TIME)) return measure(cmd, args, options);
  const report = join(WORK, `.time-${process.pid}.txt`);
  await mkdir(WORK, { recursive: true });
  const { seconds } = await measure(GNU_TIME, ['-f', '%e %U %S %M', '-o', report, cmd, ...args], options);
  const [, user, sys, maxKb] = readFileSync(report, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  await rm(report, { force: true });
  return { seconds, user, sys, peakRss: maxKb * 1024 };
}

/** Runs ffmpeg quietly and fails loudly. */
export async function ffmpeg(args) {
  await measure('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** Makes (once) a 1080p30 H.264 + AAC source of `seconds`, `bitrate` video bits/s, progressive MP4 with faststart. */
export async function source1080(seconds, bitrate = '6M', preset = 'ultrafast') {
  const path = join(WORK, `src-1080p-${seconds}s-${bitrate}.mp4`);
  if (existsSync(path)) return path;
  await mkdir(WORK, { recursive: true });
  const tmp = `${path}.tmp.mp4`;
  await ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', preset, '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', '12M',
    '-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', tmp,
  ]);
  await rename(tmp, path);
  return path;
}

/** A long input made by repeating `src` `times` times without re-encoding (concat demuxer). */
export async function repeated(src, times) {
  const path = src.replace(/\.mp4$/, `-x${times}.mp4`);
  if (existsSync(path)) return path;
  const list = `${path}.txt`;
  await writeFile(list, Array.from({ length: times }, () => `file '${src}'`).join('\n'));
  const tmp = `${path}.tmp.mp4`;
  await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', tmp]);
  await rename(tmp, path);
  await rm(list);
  return path;
}

export const sizeOf = (path) => statSync(path).size;
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const mb = (bytes) => (bytes / 1e6).toFixed(0);
