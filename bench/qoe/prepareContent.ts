import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two folders above this file). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Cache folder of the benchmark: source, packaged ladder, raw results. */
export const WORK = path.join(ROOT, 'bench', '.work', 'qoe');

/** One video rung of the benchmark ladder, as given to `ott vod --ladder`. */
export interface Rung {
  readonly height: number;
  readonly kbps: number;
}

/** The shared ladder: ≈200 kbit/s–1.5 Mbit/s, one distinct height per rung (so `videoHeight` names the rung on screen). */
export const RUNGS: readonly Rung[] = [
  { height: 720, kbps: 1500 },
  { height: 540, kbps: 1000 },
  { height: 432, kbps: 600 },
  { height: 288, kbps: 350 },
  { height: 216, kbps: 200 },
];
export const AUDIO_KBPS = 64;
export const SEGMENT_SECONDS = 2;
export const FPS = 25;
export const LADDER_SPEC = [...RUNGS.map((r) => `${r.height}p@${r.kbps}k`), `audio@${AUDIO_KBPS}k`].join(',');

/** What {@link prepareContent} made (or found cached). */
export interface Content {
  readonly dir: string;
  readonly source: string;
  readonly seconds: number;
  /** The exact `ott vod` command line used (for the report). */
  readonly command: string;
  /** Measured average bits/s of each video rung's media segments, by height. */
  readonly measuredKbps: Readonly<Record<number, number>>;
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}:\n${stderr}`))));
  });
}

/**
 * Makes the benchmark stream once and caches it under bench/.work/qoe/: a 1280x720 25 fps `testsrc2` source with
 * temporal noise (so every rung really spends its bitrate) plus a sine tone, then our own pipeline
 * (`ott vod --ladder … --segment-duration 2 --preset veryfast`) for HLS + DASH from the same CMAF segments.
 */
export async function prepareContent(seconds: number, log: (line: string) => void): Promise<Content> {
  const source = path.join(WORK, `source-720p${FPS}-noise-${seconds}s.mp4`);
  const dir = path.join(WORK, `ladder-${seconds}s`);
  await mkdir(WORK, { recursive: true });
  if (!existsSync(source)) {
    log(`making the ${seconds} s source (testsrc2 + temporal noise, 1280x720 ${FPS} fps)…`);
    const tmp = `${source}.tmp.mp4`;
    await run('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=${FPS}:duration=${seconds},noise=alls=8:allf=t+u`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-g', String(2 * FPS), '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', tmp,
    ]);
    await rename(tmp, source);
  }
  const bin = path.join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
  const args = ['vod', source, '-o', dir, '--ladder', LADDER_SPEC, '--segment-duration', String(SEGMENT_SECONDS), '--preset', 'veryfast'];
  const command = `node packages/cli/dist/bin.js ${args.map((a) => path.isAbsolute(a) ? path.relative(ROOT, a) : a).join(' ')}`;
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    if (!existsSync(bin)) throw new Error(`Expected the built CLI at ${bin}; run \`npm run build\` first.`);
    log(`packaging with our pipeline: ${command}`);
    await rm(dir, { recursive: true, force: true });
    await run(process.execPath, [bin, ...args]);
    await writeFile(marker, command);
  }
  return { dir, source, seconds, command, measuredKbps: await measureRungs(dir) };
}

/** Average bitrate of each video rung from its segment sizes and the DASH duration (what really crosses the wire). */
async function measureRungs(dir: string): Promise<Record<number, number>> {
  const mpd = await readFile(path.join(dir, 'manifest.mpd'), 'utf8');
  const duration = /mediaPresentationDuration="PT(?:(\d+)H)?(?:(\d+)M)?([\d.]+)S"/.exec(mpd);
  const seconds = duration ? Number(duration[1] ?? 0) * 3600 + Number(duration[2] ?? 0) * 60 + Number(duration[3]) : NaN;
  const out: Record<number, number> = {};
  for (const rung of RUNGS) {
    const folder = path.join(dir, `video_${rung.height}p`);
    if (!existsSync(folder)) continue;
    let bytes = 0;
    for (const file of await readdir(folder)) if (file.endsWith('.m4s')) bytes += (await stat(path.join(folder, file))).size;
    out[rung.height] = Math.round((bytes * 8) / seconds / 1000);
  }
  return out;
}
