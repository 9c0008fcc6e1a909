// How many 720p30 RTMP publishers one `ott live` keeps in real time on this machine, each encoded into a 3-rung ladder
// (720p, 480p, 360p + audio), per x264 preset; and the share of CPU the node process (ingest, packager, origin)
// takes next to the ffmpeg encoders. Publishers send a pre-encoded 720p file with `-c copy` so they cost almost no CPU.
// A stream keeps real time when the media it produced during the measured window is ≥ 97 % of the window.
// Usage (after `npm run build`): npx tsx bench/live/publishers.ts [--publishers 4] [--presets ultrafast,superfast] [--seconds 60]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFfmpeg } from '../../test/support/media.js';
import { startLiveCli } from '../../test/e2e/liveCli.js';

const { values } = parseArgs({
  options: {
    publishers: { type: 'string', default: '4' },
    presets: { type: 'string', default: 'ultrafast,superfast' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '15' },
  },
});
const WORK = join(import.meta.dirname, '..', '.work');
const SOURCE = join(WORK, 'live-720p30-60s.mp4');
const TICKS = 100; // USER_HZ

/** utime + stime (ticks) of a process and every descendant, split into node (the ott process) and the rest. */
function cpuTicks(rootPid: number): { node: number; children: number } {
  const read = (pid: number): number => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15 of stat)
    } catch {
      return 0;
    }
  };
  const kids = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  let children = 0;
  const stack = kids(rootPid);
  while (stack.length) {
    const pid = stack.pop() as number;
    children += read(pid);
    stack.push(...kids(pid));
  }
  return { node: read(rootPid), children };
}

async function run(preset: string, count: number): Promise<Record<string, unknown>> {
  const out = await mkdtemp(join(tmpdir(), 'ott-bench-publishers-'));
  const live = await startLiveCli(['--rtmp', '0', '-o', out, '--ll', '--ladder', '720p@2500k,480p@1200k,360p@700k,audio@96k', '--preset', preset]);
  const pid = live.pid ?? 0;
  const publishers = Array.from({ length: count }, (_, i) =>
    spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', SOURCE, '-c', 'copy', '-f', 'flv', `${live.endpoint}/cam${i + 1}`], { stdio: 'ignore' }),
  );
  try {
    const warmup = Number(values.warmup) * 1000;
    const window = Number(values.seconds) * 1000;
    await new Promise((r) => setTimeout(r, warmup));
    const mediaAt = (): Map<string, number> => {
      const total = new Map<string, number>();
      for (const e of live.events) {
        if (e['type'] !== 'segment' || !String(e['renditionId']).startsWith('video_360p')) continue;
        const key = String(e['streamKey']);
        total.set(key, (total.get(key) ?? 0) + Number(e['durationSeconds']));
      }
      return total;
    };
    const before = mediaAt();
    const cpu0 = pid ? cpuTicks(pid) : undefined;
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, window));
    const elapsed = (Date.now() - t0) / 1000;
    const cpu1 = pid ? cpuTicks(pid) : undefined;
    const after = mediaAt();
    const perStream = [...after.keys()].sort().map((key) => ({ key, ratio: Number((((after.get(key) ?? 0) - (before.get(key) ?? 0)) / elapsed).toFixed(3)) }));
    const realTime = perStream.filter((s) => s.ratio >= 0.97).length;
    const cpu =
      cpu0 && cpu1
        ? {
            nodeCores: Number(((cpu1.node - cpu0.node) / TICKS / elapsed).toFixed(2)),
            ffmpegCores: Number(((cpu1.children - cpu0.children) / TICKS / elapsed).toFixed(2)),
          }
        : undefined;
    return { preset, publishers: count, realTime, perStream, ...(cpu ? { cpu, nodeShare: Number((cpu.nodeCores / (cpu.nodeCores + cpu.ffmpegCores)).toFixed(3)) } : {}) };
  } finally {
    for (const p of publishers) p.kill('SIGKILL');
    await live.stop();
    await rm(out, { recursive: true, force: true });
  }
}

await mkdir(WORK, { recursive: true });
if (!existsSync(SOURCE)) {
  await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '60', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '3M', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', SOURCE]);
}
for (const preset of (values.presets ?? 'ultrafast').split(',')) console.log(JSON.stringify(await run(preset, Number(values.publishers))));
