// Acceptance of the transcode farm (issue 7): a 3-minute low-resolution source, a Debian redis-server started here,
// workers that are the BUILT `ott worker` (run `npm run build` first). The farm output is compared frame by frame
// (framemd5) with a single-process run using the same encoder settings and `-threads 1`; constant QP makes x264's
// output independent of where a chunk starts (with a bitrate target, rate control restarts at every chunk, so the
// pictures differ slightly while frame counts and timing stay identical). Then: playback across a chunk join in
// hls.js and dash.js, a worker SIGKILLed mid-chunk, and Redis restarted mid-job.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInfo } from '@ott/core';
import { fromFile, probe } from '@ott/ingest';
import { segmentCmaf, toFolder, writeManifests } from '@ott/packager';
import { enqueueVod } from '@ott/farm';
import type { FarmEvent } from '@ott/farm';
import { parseLadderSpec, transcodeLadder } from '@ott/transcode';
import { launchChromium } from '../browser/chromium.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { startRedis } from '../support/redis.js';
import type { RedisServer } from '../support/redis.js';
import { generateTestSource } from '../support/media.js';
import { decodeWithFfmpeg } from './ffmpegCheck.js';
import { framemd5, playAcrossJoin, segmentTimeline } from './farmChecks.js';
import { spawnWorker } from './farmWorkers.js';
import type { WorkerLine, WorkerProcess } from './farmWorkers.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const LADDER = '180p@300k,90p@100k,audio@64k';
const RENDITIONS = ['video_180p', 'video_90p', 'audio_aac'];
const FRAMES = 180 * 25;
/** Same encoder settings for the farm and the single-process reference; `-qp` makes chunking invisible to x264. */
const ENCODE = { segmentDuration: 4, gopSeconds: 2, preset: 'veryfast', threads: 1, extraArgs: { video: ['-qp', '26'] } } as const;
const WORKER_ARGS = ['--concurrency', '1', '--lock-duration', '5', '--metrics-port', '0'];

let work: string;
let scratch: string;
let source: SourceInfo;
let redis: RedisServer;
let browser: Browser | undefined;
let server: StaticServer | undefined;
const workers: WorkerProcess[] = [];
const reference = { dir: '', md5: new Map<string, string[]>() };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-farm-acceptance-'));
  scratch = join(work, 'scratch');
  await mkdir(scratch);
  const input = await generateTestSource(work, { seconds: 180, width: 320, height: 180, fps: 25 });
  [source, redis] = await Promise.all([probe(input), startRedis({ persistence: true })]);
  // The single-process run: one ffmpeg for the whole ladder, encoder and decoder on one thread.
  reference.dir = join(work, 'single');
  const ladder = parseLadderSpec(LADDER);
  const options = { gopSeconds: ENCODE.gopSeconds, preset: ENCODE.preset, threads: 1, extraArgs: { input: ['-threads', '1'], video: [...ENCODE.extraArgs.video] } };
  await lastValueFrom(fromFile(input).pipe(transcodeLadder(ladder, options), segmentCmaf({ segmentDuration: 4 }), writeManifests(), toFolder(reference.dir)), { defaultValue: undefined });
  for (const r of RENDITIONS) reference.md5.set(r, await framemd5(join(reference.dir, r), scratch, r.startsWith('audio') ? 'a' : 'v'));
  workers.push(await spawnWorker(redis.url, WORKER_ARGS), await spawnWorker(redis.url, WORKER_ARGS));
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([...workers.map((w) => w.stop()), browser?.close(), server?.close()]);
  await redis?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const completedBy = (worker: WorkerProcess, prefix: string): string[] =>
  worker.lines.filter((l) => l.action === 'completed' && typeof l.jobId === 'string' && l.jobId.startsWith(prefix)).map((l) => l.jobId as string);

async function expectSameFrames(dir: string): Promise<void> {
  for (const r of RENDITIONS) {
    const md5 = await framemd5(join(dir, r), scratch, r.startsWith('audio') ? 'a' : 'v');
    const expected = reference.md5.get(r) ?? [];
    if (r.startsWith('video')) expect(md5.length, `${r} frame count`).toBe(FRAMES);
    expect(md5.length, `${r} frame count`).toBe(expected.length);
    const firstDifference = md5.findIndex((m, i) => m !== expected[i]);
    expect(firstDifference, `${r}: first frame whose framemd5 differs`).toBe(-1);
  }
}

describe('transcode farm: a 3-minute source on two `ott worker` processes', () => {
  const out = (): string => join(work, 'farm');
  let events: FarmEvent[] = [];

  it('gives exactly the decoded frames of a single-process -threads 1 run, per rendition (frame count and framemd5)', async () => {
    const vod = await enqueueVod({ id: 'farm-two', source, output: out(), ladder: parseLadderSpec(LADDER), ...ENCODE }, { redis: redis.url });
    expect(vod.chunks).toBe(6); // 32 s chunks (the multiple of 4 s closest to 30 s)
    events = await lastValueFrom(vod.events.pipe(toArray()));
    expect(events.at(-1)?.type).toBe('farm-done');
    for (const worker of workers) expect(completedBy(worker, 'farm-two-video').length, 'both workers encoded chunks').toBeGreaterThan(0);
    await expectSameFrames(out());
  });

  it('numbers segments 1…n with a continuous tfdt across chunk joins, exactly like the single-process run', async () => {
    for (const r of RENDITIONS) {
      const timeline = await segmentTimeline(join(out(), r));
      const single = await segmentTimeline(join(reference.dir, r));
      expect(timeline.map((t) => t.file)).toEqual(timeline.map((_, i) => `seg-${String(i + 1).padStart(5, '0')}.m4s`));
      for (let i = 1; i < timeline.length; i++) {
        const [before, after] = [timeline[i - 1], timeline[i]];
        expect(after?.decodeTime, `${r} ${after?.file} tfdt`).toBe((before?.decodeTime ?? 0) + (before?.duration ?? 0));
      }
      expect(timeline.map(({ decodeTime, duration }) => [decodeTime, duration])).toEqual(single.map(({ decodeTime, duration }) => [decodeTime, duration]));
      const extinf = async (dir: string): Promise<string[]> => (await readFile(join(dir, r, 'playlist.m3u8'), 'utf8')).match(/#EXTINF:[^\n]*/g) ?? [];
      expect(await extinf(out())).toEqual(await extinf(reference.dir));
    }
    const timelines = async (dir: string): Promise<string[]> => (await readFile(join(dir, 'manifest.mpd'), 'utf8')).match(/<SegmentTimeline>[\s\S]*?<\/SegmentTimeline>/g) ?? [];
    expect(await timelines(out())).toEqual(await timelines(reference.dir));
  });

  it('reports progress aggregated across workers: rising percent, fps and an ETA, ending at 100 %', () => {
    const progress = events.filter((e) => e.type === 'progress');
    const percents = progress.map((e) => e.percent);
    expect(progress.length).toBeGreaterThan(3);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(progress.some((e) => e.etaSeconds !== undefined && e.etaSeconds > 0)).toBe(true);
    // fps comes from ffmpeg's progress blocks (every 0.5 s) sent by a worker at most once a second: an encode that
    // ends sooner reports none. On a quiet machine every chunk here can take under a second (seen 2026-12-07, with
    // this session's code and the code before it alike); the aggregation itself is unit-tested in FarmProgress.test.
    const longest = Math.max(0, ...workers.flatMap((w) => w.lines).filter((l) => l.action === 'completed' && l.kind === 'chunk').map((l) => Number(l.seconds)));
    console.info(`farm: longest chunk encode ${longest.toFixed(2)} s`);
    if (longest > 2) expect(progress.some((e) => (e.fps ?? 0) > 0)).toBe(true);
  });

  it('serves Prometheus metrics on the workers', async () => {
    const ready = workers[0]?.lines.find((l) => l.action === 'ready');
    const text = await (await fetch(String(ready?.metricsUrl))).text();
    for (const name of ['ott_jobs_active', 'ott_jobs_completed_total', 'ott_jobs_failed_total', 'ott_encode_fps']) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toMatch(/^ott_jobs_completed_total\{kind="chunk"\} [1-9]\d*$/m);
  });

  it.each(['hls.js', 'dash.js'] as const)('plays across the chunk join at 32 s in %s without a stall', async (player) => {
    browser ??= await launchChromium();
    server ??= await startStaticServer(out());
    const src = `${server.url}/${player === 'hls.js' ? 'master.m3u8' : 'manifest.mpd'}`;
    const played = await playAcrossJoin(browser, { player, src, from: 30.5, until: 33.5 });
    expect(played.errors).toEqual([]);
    expect(played.stalls).toBe(0);
    expect(played.currentTime).toBeGreaterThan(33.5);
    const joinRange = played.buffered.find(([start, end]) => start <= 31 && end >= 33.5);
    expect(joinRange, `buffered ${JSON.stringify(played.buffered)}: one range across the join`).toBeDefined();
  });

  it('completes when a worker is SIGKILLed mid-chunk: another worker redoes that chunk only, same frames', async () => {
    const [victim, survivor] = workers as [WorkerProcess, WorkerProcess];
    const vod = await enqueueVod({ id: 'farm-kill', source, output: join(work, 'kill'), ladder: parseLadderSpec(LADDER), ...ENCODE }, { redis: redis.url });
    const active = await victim.waitFor((l) => l.action === 'active' && l.kind === 'chunk' && String(l.jobId).startsWith('farm-kill'));
    victim.kill('SIGKILL');
    await victim.exited;
    const doneBeforeKill = completedBy(victim, 'farm-kill');
    const last = await lastValueFrom(vod.events);
    expect(last.type).toBe('farm-done');
    expect(completedBy(survivor, 'farm-kill')).toContain(active.jobId);
    const startedBySurvivor = survivor.lines.filter((l: WorkerLine) => l.action === 'active').map((l) => l.jobId);
    for (const jobId of doneBeforeKill) expect(startedBySurvivor, `${jobId} was done before the kill`).not.toContain(jobId);
    await expectSameFrames(join(work, 'kill'));
    workers[0] = await spawnWorker(redis.url, WORKER_ARGS); // a fresh worker for the next test
    await victim.stop(); // its process group: ffmpeg orphans, if any
  });

  it('completes after Redis is restarted mid-job (ott vod --queue as the enqueuer)', async () => {
    const output = join(work, 'restart');
    const cli = spawn(process.execPath, [BIN, 'vod', source.url, '-o', output, '--queue', redis.url, '--ladder', LADDER, '--threads', '1', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Record<string, unknown>[] = [];
    createInterface({ input: cli.stdout }).on('line', (text) => lines.push(JSON.parse(text) as Record<string, unknown>));
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    const enqueued = await workers[1]?.waitFor((l) => l.action === 'completed' && l.kind === 'chunk' && !String(l.jobId).startsWith('farm-'), 60_000);
    expect(enqueued).toBeDefined();
    await redis.stop();
    // The workers notice (their reconnect attempts are refused) before Redis comes back.
    const seen = workers.map((w) => w.lines.length);
    await Promise.all(workers.map((w, i) => w.waitFor((l) => l.action === 'error' && w.lines.indexOf(l) >= (seen[i] ?? 0), 20_000)));
    await redis.start();
    expect(await exit, stderr).toBe(0);
    expect(lines.at(-1)).toMatchObject({ type: 'done', segments: expect.any(Number) });
    for (const r of RENDITIONS.filter((x) => x.startsWith('video'))) expect((await framemd5(join(output, r), scratch, 'v')).length).toBe(FRAMES);
    const decoded = await decodeWithFfmpeg(join(output, 'master.m3u8'), ['-allowed_extensions', 'ALL']);
    expect(decoded.errors).toEqual([]);
    expect(Math.abs(decoded.decodedSeconds - 180)).toBeLessThan(0.2);
  });
});
