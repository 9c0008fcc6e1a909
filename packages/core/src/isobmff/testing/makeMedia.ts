// Test-only helpers (not exported from the package): small media generated with the real ffmpeg.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** ffmpeg encoder arguments of the codecs the tests cover. */
export const VIDEO_CODECS = {
  h264: ['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '2'],
  hevc: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1'],
  vp9: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8'],
  av1: ['-c:v', 'libsvtav1', '-preset', '12'],
} as const;

export const AUDIO_CODECS = {
  aac: ['-c:a', 'aac'],
  opus: ['-c:a', 'libopus'],
} as const;

/** Fragmented MP4 as ffmpeg writes to a pipe. */
export const FRAGMENTED = ['-movflags', 'frag_keyframe+empty_moov+default_base_moof'] as const;

/** A temporary folder removed by the returned cleanup. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ott-isobmff-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Encodes `seconds` of testsrc2 + sine with the given codec arguments and container flags into `out`. */
export function makeMedia(out: string, args: readonly string[], seconds = 2): string {
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds), '-g', '30', '-pix_fmt', 'yuv420p', ...args, out,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

/** Packet counts per stream as ffprobe counts them. */
export function ffprobePacketCounts(file: string): number[] {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file]).toString();
  return out.trim().split(/\s+/).map(Number);
}

/** Runs `ffmpeg -i file -f null -` and returns its stderr (errors only). */
export function ffmpegDecodeErrors(file: string): string {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return `${result.status === 0 ? '' : `exit ${result.status}\n`}${result.stderr}`;
}
