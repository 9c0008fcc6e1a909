import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable, from, lastValueFrom, of, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CmafFragment, CmafInit, Ladder, PipelineItem, ProgressEvent, SourceInfo } from '@ott/core';
import { transcodeLadder } from './transcodeLadder.js';

let dir: string;
let source: SourceInfo;
const GOP = 2;
const ladder: Ladder = {
  video: [
    { kind: 'video', id: 'video_360p', height: 360, bitrate: 800_000 },
    { kind: 'video', id: 'video_180p', height: 180, bitrate: 300_000 },
  ],
  audio: [{ kind: 'audio', id: 'audio_aac', bitrate: 96_000 }],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ott-transcode-'));
  const input = join(dir, 'in.mp4');
  execFileSync('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-ac', '2', input,
  ]);
  // The SourceInfo ingest would produce (kept literal so this test does not depend on @ott/ingest).
  source = {
    type: 'source', url: input, formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSeconds: 6,
    video: { index: 0, codec: 'h264', width: 640, height: 360, frameRate: 30, displayAspectRatio: 16 / 9 },
    audio: { index: 1, codec: 'aac', sampleRate: 48000, channels: 2 },
  };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const isInit = (item: PipelineItem): item is CmafInit => item.type === 'cmaf-init';
const isFragment = (item: PipelineItem): item is CmafFragment => item.type === 'cmaf-fragment';
const isProgress = (item: PipelineItem): item is ProgressEvent => item.type === 'progress';

/** Decode times (in seconds) of every sync sample of one rendition. */
function keyframeTimes(fragments: readonly CmafFragment[], timescale: number): number[] {
  const times: number[] = [];
  for (const fragment of fragments) {
    let t = fragment.baseMediaDecodeTime;
    for (const sample of fragment.samples) {
      if (sample.isSync) times.push(t / timescale);
      t += sample.duration;
    }
  }
  return times;
}

describe('transcodeLadder', () => {
  it('encodes every rendition in one ffmpeg run with aligned closed GOPs and progress', async () => {
    const spawned: number[] = [];
    const marker = { type: 'warning', stage: 'ingest', code: 'FFMPEG_FAILED', message: 'passes through' } as const;
    const items = await lastValueFrom(
      from<PipelineItem[]>([marker, source]).pipe(
        transcodeLadder(ladder, { preset: 'ultrafast', gopSeconds: GOP, onSpawn: ({ pid }) => pid !== undefined && spawned.push(pid) }),
        toArray(),
      ),
    );
    expect(spawned).toHaveLength(1);
    expect(items[0]).toBe(marker);

    const inits = items.filter(isInit);
    expect(inits.map((i) => i.renditionId).sort()).toEqual(['audio_aac', 'video_180p', 'video_360p']);
    for (const init of inits) {
      expect(init.track.codec).toMatch(init.track.kind === 'video' ? /^avc1\./ : /^mp4a\.40\.2$/);
      if (init.track.kind === 'video') expect(init.track.frameRate).toBe(30);
    }
    expect(inits.find((i) => i.renditionId === 'video_180p')?.track).toMatchObject({ width: 320, height: 180 });

    const fragments = items.filter(isFragment);
    for (const init of inits) {
      const own = fragments.filter((f) => f.renditionId === init.renditionId);
      expect(own.length).toBeGreaterThan(0);
      // The init of a rendition comes before its first fragment.
      expect(items.indexOf(init)).toBeLessThan(items.indexOf(own[0] as CmafFragment));
      for (const fragment of own) {
        expect(fragment.samples[0]?.isSync).toBe(true);
        expect(fragment.flow).toBeDefined();
        expect(fragment.data.byteLength).toBe(fragment.samples.reduce((sum, s) => sum + s.size, 0));
      }
    }

    const timescaleOf = (id: string): number => inits.find((i) => i.renditionId === id)?.track.timescale ?? 0;
    const high = keyframeTimes(fragments.filter((f) => f.renditionId === 'video_360p'), timescaleOf('video_360p'));
    const low = keyframeTimes(fragments.filter((f) => f.renditionId === 'video_180p'), timescaleOf('video_180p'));
    expect(high).toEqual([0, 2, 4]);
    expect(low).toEqual(high);

    const progress = items.filter(isProgress);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.stage === 'transcode')).toBe(true);
    expect(progress.at(-1)?.percent).toBeCloseTo(100, 0);
  });

  it('kills ffmpeg when the subscriber unsubscribes early', async () => {
    let pid: number | undefined;
    await new Promise<void>((resolve, reject) => {
      const subscription = of<PipelineItem>(source)
        .pipe(transcodeLadder(ladder, { preset: 'ultrafast', onSpawn: (info) => (pid = info.pid) }))
        .subscribe({
          next: (item) => {
            if (item.type !== 'cmaf-fragment') return;
            subscription.unsubscribe();
            resolve();
          },
          error: reject,
        });
    });
    expect(pid).toBeTypeOf('number');
    await vi.waitFor(() => expect(() => process.kill(pid as number, 0)).toThrow(), { timeout: 10_000, interval: 50 });
  });

  it('kills ffmpeg and errors with the reason when the signal aborts', async () => {
    const controller = new AbortController();
    let pid: number | undefined;
    const job = of<PipelineItem>(source).pipe(
      transcodeLadder(ladder, { preset: 'ultrafast', signal: controller.signal, onSpawn: (info) => (pid = info.pid) }),
    );
    const error = await new Promise<unknown>((resolve) => {
      job.subscribe({ next: (item) => item.type === 'cmaf-init' && controller.abort(new Error('stop now')), error: resolve, complete: () => resolve(undefined) });
    });
    expect(error).toMatchObject({ message: 'stop now' });
    await vi.waitFor(() => expect(() => process.kill(pid as number, 0)).toThrow(), { timeout: 10_000, interval: 50 });
  });

  it('pauses the ffmpeg pipes while a slow consumer holds bytes, and finishes once they are written', async () => {
    const fragments: CmafFragment[] = [];
    let deliveredWhilePaused = 0;
    let held = 0;
    let releasing = false;
    const done = await new Promise<boolean>((resolve, reject) => {
      of<PipelineItem>(source)
        .pipe(transcodeLadder(ladder, { preset: 'ultrafast', highWaterBytes: 1 }))
        .subscribe({
          next: (item) => {
            if (!isFragment(item) || !item.flow) return;
            const flow = item.flow;
            if (flow.paused) deliveredWhilePaused++;
            fragments.push(item);
            flow.enqueue(item.data.byteLength);
            if (releasing) {
              flow.done(item.data.byteLength);
              return;
            }
            held += item.data.byteLength;
            if (fragments.length === 1) {
              expect(flow.paused).toBe(true);
              // Hold the bytes for a while: ffmpeg must not deliver anything meanwhile (the assertion does not
              // depend on how long the hold lasts; a longer hold only gives ffmpeg more chances to misbehave).
              setTimeout(() => {
                try {
                  expect(deliveredWhilePaused).toBeLessThanOrEqual(2);
                  releasing = true;
                  flow.done(held);
                  expect(flow.paused).toBe(false);
                } catch (error) {
                  reject(error);
                }
              }, 500);
            }
          },
          error: reject,
          complete: () => resolve(true),
        });
    });
    expect(done).toBe(true);
    expect(deliveredWhilePaused).toBeLessThanOrEqual(2);
    // Everything still arrives: 3 GOPs per video rung, at least 3 audio fragments.
    expect(fragments.filter((f) => f.renditionId === 'video_360p')).toHaveLength(3);
    expect(fragments.filter((f) => f.renditionId === 'video_180p')).toHaveLength(3);
    expect(fragments.filter((f) => f.renditionId === 'audio_aac').length).toBeGreaterThanOrEqual(3);
  });

  it('fails with FFMPEG_FAILED and the stderr tail when ffmpeg cannot read the input', async () => {
    const missing: SourceInfo = { ...source, url: join(dir, 'gone.mp4') };
    const error = await lastValueFrom(of<PipelineItem>(missing).pipe(transcodeLadder(ladder, { preset: 'ultrafast' }))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FFMPEG_FAILED', stage: 'transcode' });
    expect((error as Error).message).toContain('No such file or directory');
    expect((error as { details: { stderr: string[] } }).details.stderr.length).toBeGreaterThan(0);
  });

  it('fails with INVALID_LADDER before starting ffmpeg when the segment duration is not a multiple of the GOP', async () => {
    const job = of<PipelineItem>(source).pipe(transcodeLadder(ladder, { gopSeconds: 2, segmentSeconds: 3 }));
    await expect(lastValueFrom(job)).rejects.toMatchObject({ code: 'INVALID_LADDER' });
  });

  it('passes items through untouched when there is no source', async () => {
    const items = await lastValueFrom(new Observable<PipelineItem>((s) => s.complete()).pipe(transcodeLadder(ladder), toArray()));
    expect(items).toEqual([]);
  });
});

describe('transcodeLadder set-up errors', () => {
  it('fails with FFMPEG_NOT_FOUND when ffmpegPath does not exist', async () => {
    const job = of<PipelineItem>(source).pipe(transcodeLadder(ladder, { ffmpegPath: join(dir, 'no-ffmpeg') }));
    await expect(lastValueFrom(job)).rejects.toMatchObject({ code: 'FFMPEG_NOT_FOUND', stage: 'transcode' });
  });
});
