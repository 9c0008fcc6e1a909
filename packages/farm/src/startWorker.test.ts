// The farm in one process: a real redis-server, two in-process workers, real ffmpeg on a small source. The
// acceptance test (test/e2e/farm.acceptance.test.ts) does the same with worker processes, SIGKILL and a Redis restart.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ladder, SourceInfo } from '@ott/core';
import { startRedis } from '../../../test/support/redis.js';
import type { RedisServer } from '../../../test/support/redis.js';
import { enqueueVod } from './enqueueVod.js';
import type { FarmEvent } from './FarmEvent.js';
import { startWorker } from './startWorker.js';
import type { FarmWorker, FarmWorkerEvent } from './startWorker.js';

let dir: string;
let redis: RedisServer;
let source: SourceInfo;
const workers: FarmWorker[] = [];
const workerEvents: FarmWorkerEvent[] = [];
const ladder: Ladder = {
  video: [
    { kind: 'video', id: 'video_180p', height: 180, bitrate: 300_000 },
    { kind: 'video', id: 'video_90p', height: 90, bitrate: 100_000 },
  ],
  audio: [{ kind: 'audio', id: 'audio_aac', bitrate: 64_000 }],
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ott-farm-'));
  const input = join(dir, 'in.mp4');
  execFileSync('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-c:a', 'aac', '-ac', '2', input,
  ]);
  // The SourceInfo ingest's probe() would produce (literal so this test does not depend on @ott/ingest).
  source = {
    type: 'source', url: input, formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSeconds: 20,
    video: { index: 0, codec: 'h264', width: 320, height: 180, frameRate: 25, displayAspectRatio: 16 / 9 },
    audio: { index: 1, codec: 'aac', sampleRate: 48000, channels: 2 },
  };
  redis = await startRedis();
  for (const name of ['a', 'b']) {
    workers.push(await startWorker({ redis: redis.url, name, concurrency: 1, metricsPort: 0, onEvent: (e) => workerEvents.push(e) }));
  }
});

afterAll(async () => {
  await Promise.allSettled(workers.map((w) => w.close({ force: true })));
  await redis?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function frameCount(path: string): number {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path]);
  return Number(out.toString().trim());
}

describe('the transcode farm in one process', () => {
  let events: FarmEvent[];
  const output = (): string => join(dir, 'out');

  it('splits a job into chunks that two workers encode, and stitches them into HLS + DASH', async () => {
    const vod = await enqueueVod({ id: 'small-1', source, output: output(), ladder, segmentDuration: 4, chunkDuration: 8 }, { redis: redis.url });
    expect(vod).toMatchObject({ id: 'small-1', chunks: 3, tasks: 7, added: true });
    events = await lastValueFrom(vod.events.pipe(toArray()));
    const done = events.at(-1);
    expect(done?.type).toBe('farm-done');
    expect(existsSync(join(output(), 'master.m3u8'))).toBe(true);
    expect(existsSync(join(output(), 'manifest.mpd'))).toBe(true);
    expect(existsSync(join(output(), '.ott-farm')), 'the work folder is removed').toBe(false);
    const byWorker = new Set(workerEvents.filter((e) => e.action === 'completed' && e.kind === 'chunk').map((e) => e.worker));
    expect(byWorker).toEqual(new Set(['a', 'b']));
  });

  it('reports aggregated progress with an ETA, then every manifest', () => {
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    const percents = progress.map((e) => e.percent);
    expect(percents.at(-1)).toBe(100);
    expect(percents).toEqual([...percents].sort((x, y) => x - y));
    expect(progress.some((e) => e.etaSeconds !== undefined)).toBe(true);
    expect(events.filter((e) => e.type === 'manifest').map((e) => e.path)).toEqual(
      expect.arrayContaining(['master.m3u8', 'manifest.mpd', 'video_180p/playlist.m3u8', 'video_90p/playlist.m3u8', 'audio_aac/playlist.m3u8']),
    );
  });

  it('writes one continuous timeline per rendition: every frame once, segments numbered 1…n', () => {
    for (const rendition of ['video_180p', 'video_90p']) {
      const folder = join(output(), rendition);
      const segments = readdirSync(folder).filter((f) => f.endsWith('.m4s')).sort();
      expect(segments).toEqual(['seg-00001.m4s', 'seg-00002.m4s', 'seg-00003.m4s', 'seg-00004.m4s', 'seg-00005.m4s']);
      const joined = join(dir, `${rendition}.mp4`);
      const bytes = [readFileSync(join(folder, 'init.mp4')), ...segments.map((s) => readFileSync(join(folder, s)))];
      execFileSync('sh', ['-c', `cat > ${joined}`], { input: Buffer.concat(bytes) });
      expect(frameCount(joined)).toBe(500);
      const playlist = readFileSync(join(folder, 'playlist.m3u8'), 'utf8');
      expect(playlist.match(/#EXTINF:4\.0+,/g)).toHaveLength(5);
    }
  });

  it('serves Prometheus metrics on every worker', async () => {
    const text = await (await fetch(workers[0]?.metricsUrl ?? '')).text();
    expect(text).toMatch(/^# TYPE ott_jobs_active gauge$/m);
    expect(text).toMatch(/^ott_jobs_active 0$/m);
    expect(text).toMatch(/^ott_jobs_completed_total\{kind="chunk"\} [1-9]\d*$/m);
    expect(text).toMatch(/^ott_jobs_failed_total\{kind="chunk"\} 0$/m);
    expect(text).toMatch(/^ott_encode_fps \d/m);
  });

  it('adds nothing when a job id is enqueued again, and reports the finished job to a late watcher', async () => {
    const again = await enqueueVod({ id: 'small-1', source, output: output(), ladder, segmentDuration: 4, chunkDuration: 8 }, { redis: redis.url });
    expect(again.added).toBe(false);
    const late = await lastValueFrom(again.events.pipe(toArray()));
    expect(late.at(-1)).toMatchObject({ type: 'farm-done', id: 'small-1' });
  });

  it('retries a failing task with backoff, then fails the job naming the task and the ffmpeg error', async () => {
    const before = workerEvents.length;
    const vod = await enqueueVod(
      { id: 'broken-1', source, output: join(dir, 'broken'), ladder: { video: [ladder.video[1] as Ladder['video'][number]], audio: [] }, chunkDuration: 20, extraArgs: { video: ['-no-such-option', '1'] } },
      { redis: redis.url, attempts: 2, backoffMs: 100 },
    );
    await expect(lastValueFrom(vod.events)).rejects.toMatchObject({ code: 'QUEUE_JOB_FAILED', message: expect.stringMatching(/broken-1-video_90p-c00000.*FFMPEG_FAILED/) });
    const failures = workerEvents.slice(before).filter((e) => e.action === 'failed' && e.jobId === 'broken-1-video_90p-c00000');
    expect(failures.map((e) => e.attempt)).toEqual([1, 2]);
  });
});
