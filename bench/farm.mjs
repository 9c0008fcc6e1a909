// Transcode farm benchmark (issue 7): the same VOD job on 1 and on 2 `ott worker` processes (each encode with
// `-threads 1`, one task per worker at a time) sharing a local redis-server, plus the single-process `ott vod` for
// reference. Reports wall time, speed-up, the stitch step's share, and Redis traffic per job: commands counted with
// `INFO commandstats` before/after (which also counts the commands BullMQ's Lua scripts run inside Redis) and, from
// `redis-cli monitor`, the commands clients actually sent (round trips; a MULTI/EXEC pipeline counts per command).
// Usage: node bench/farm.mjs [--seconds 180] [--reps 1]   (after `npm run build`; needs Debian redis-server)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { OTT, WORK, ffmpeg, median, measure } from './lib.mjs';

const arg = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const SECONDS = arg('--seconds', 180);
const reps = arg('--reps', 1);
const LADDER = '360p@800k,180p@300k,audio@96k';

/** A 640x360@25 H.264 + AAC source of SECONDS (made once). */
async function source() {
  const path = join(WORK, `src-360p-${SECONDS}s.mp4`);
  if (existsSync(path)) return path;
  await mkdir(WORK, { recursive: true });
  await ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25:duration=${SECONDS}`, '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '1500k', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', path]);
  return path;
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a child and resolves once one of its stdout lines matches `ready`. */
function startChild(cmd, args, ready, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const lines = [];
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${cmd} exited ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (ready(line)) resolve({ child, lines });
    });
  });
}

const stop = (child) => new Promise((resolve) => {
  if (child.exitCode !== null) return resolve();
  child.once('exit', resolve);
  child.kill('SIGTERM');
});

function capture(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

async function commandStats(port) {
  const text = await capture('redis-cli', ['-p', String(port), 'info', 'commandstats']);
  return Object.fromEntries([...text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1], Number(m[2])]));
}

/** One farm run with `n` workers: wall seconds enqueue→done, stitch seconds, Redis commands. */
async function farmRun(src, port, n, out) {
  const url = `redis://127.0.0.1:${port}`;
  const workers = [];
  for (let i = 0; i < n; i++) workers.push(await startChild(process.execPath, [OTT, 'worker', '--redis', url, '--concurrency', '1', '--json'], (l) => l.includes('"ready"')));
  // Client commands (round trips) from MONITOR: lines "<time> [db addr] "cmd" …"; script-internal ones say [db lua].
  const monitor = await startChild('redis-cli', ['-p', String(port), 'monitor'], (l) => l === 'OK');
  const before = await commandStats(port);
  const started = performance.now();
  const { lines } = await startChild(process.execPath, [OTT, 'vod', src, '-o', out, '--queue', url, '--ladder', LADDER, '--threads', '1', '--json'], (l) => l.includes('"type":"done"'));
  const seconds = (performance.now() - started) / 1000;
  const after = await commandStats(port);
  await stop(monitor.child);
  await Promise.all(workers.map((w) => stop(w.child)));
  // Seconds the workers spent in tasks: with no contention their sum is the same for 1 and 2 workers, and
  // busy = sum / (workers × wall) shows the time lost to scheduling (waiting for the next task, the tail).
  const taskSeconds = workers.flatMap((w) => w.lines.map((l) => JSON.parse(l))).filter((l) => l.action === 'completed').reduce((sum, l) => sum + (l.seconds ?? 0), 0);
  const done = JSON.parse(lines.at(-1));
  const stats = Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]).filter(([k, v]) => v > 0 && k !== 'info' && k !== 'monitor');
  const sent = monitor.lines.filter((l) => /^\d+\.\d+ \[\d+ \d/.test(l));
  const byCommand = {};
  for (const line of sent) {
    const name = /"([^"]+)"/.exec(line)?.[1]?.toLowerCase() ?? '?';
    if (name !== 'info') byCommand[name] = (byCommand[name] ?? 0) + 1;
  }
  const tasks = (lines.find((l) => l.includes('"enqueued"')) && JSON.parse(lines.find((l) => l.includes('"enqueued"'))).tasks) || 0;
  return { seconds, taskSeconds, stitch: done.stitchSeconds, tasks, commandstats: stats.reduce((s, [, v]) => s + v, 0), sent: Object.values(byCommand).reduce((s, v) => s + v, 0), byCommand };
}

const src = await source();
const port = await freePort();
const dataDir = await mkdtemp(join(tmpdir(), 'ott-bench-redis-'));
const redis = await startChild('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'no', '--logfile', ''], (l) => l.includes('Ready to accept'));
const results = { single: [], 1: [], 2: [] };
let last;
try {
  for (let rep = 0; rep < reps; rep++) {
    const single = join(WORK, 'farm', 'single');
    await rm(single, { recursive: true, force: true });
    results.single.push((await measure(process.execPath, [OTT, 'vod', src, '-o', single, '--ladder', LADDER, '--json'])).seconds);
    for (const n of [1, 2]) {
      const out = join(WORK, 'farm', `n${n}`);
      await rm(out, { recursive: true, force: true });
      last = await farmRun(src, port, n, out);
      results[n].push(last);
    }
  }
} finally {
  await stop(redis.child);
  await rm(dataDir, { recursive: true, force: true });
}

const wall = (runs) => median(runs.map((r) => r.seconds));
const [t1, t2] = [wall(results[1]), wall(results[2])];
console.log(`source: ${SECONDS} s 640x360p25 H.264 + AAC; ladder ${LADDER}; x264 veryfast; 32 s chunks; ${reps} run(s), median\n`);
console.log('| run | wall s | realtime factor | speed-up vs 1 worker | task seconds (busy) | stitch s (share) | Redis commands sent (round trips) | commandstats calls (incl. inside Lua) |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(`| single process \`ott vod\` (ffmpeg decides threads) | ${median(results.single).toFixed(2)} | ${(SECONDS / median(results.single)).toFixed(2)}x | | | | | |`);
for (const n of [1, 2]) {
  const r = results[n].at(-1);
  const t = wall(results[n]);
  console.log(`| farm, ${n} worker${n > 1 ? 's' : ''} (-threads 1) | ${t.toFixed(2)} | ${(SECONDS / t).toFixed(2)}x | ${(t1 / t).toFixed(2)}x | ${r.taskSeconds.toFixed(1)} (${((r.taskSeconds / (n * r.seconds)) * 100).toFixed(0)} %) | ${r.stitch.toFixed(2)} (${((r.stitch / t) * 100).toFixed(1)} %) | ${r.sent} (${(r.sent / r.tasks).toFixed(1)} per encode task) | ${r.commandstats} |`);
}
console.log(`\nspeed-up 2 workers vs 1: ${(t1 / t2).toFixed(2)}x; ${last.tasks} encode tasks per job`);
console.log(`every run (wall s): single ${results.single.map((x) => x.toFixed(1)).join(', ')}; 1 worker ${results[1].map((r) => r.seconds.toFixed(1)).join(', ')}; 2 workers ${results[2].map((r) => r.seconds.toFixed(1)).join(', ')}`);
console.log(`commands sent by clients in the last 2-worker run, by command: ${Object.entries(last.byCommand).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
