import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Observable, Subject, concat, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { Backpressure, OttError, isOttError } from '@ott/core';
import type { InitSegment, Manifest, PipelineItem, Segment, TrackInfo } from '@ott/core';
import { toFolder } from './toFolder.js';

const track: TrackInfo = { id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale: 1000 };

function init(renditionId: string): InitSegment {
  return { type: 'init-segment', renditionId, track, path: `${renditionId}/init.mp4`, data: new Uint8Array([1, 2, 3]) };
}

function segment(renditionId: string, number: number, chunks: Uint8Array[] = [new Uint8Array([9, 8]), new Uint8Array([7])], flow?: Backpressure): Segment {
  const byteLength = chunks.reduce((sum, c) => sum + c.byteLength, 0);
  const item: Segment = {
    type: 'media-segment',
    renditionId,
    track,
    number,
    startTime: (number - 1) * 4000,
    duration: 4000,
    presentationTime: (number - 1) * 4000,
    startsWithKeyframe: true,
    path: `${renditionId}/seg-${String(number).padStart(5, '0')}.m4s`,
    chunks,
    byteLength,
  };
  return flow === undefined ? item : { ...item, flow };
}

function manifest(path: string, data = '#EXTM3U\n'): Manifest {
  return { type: 'manifest-file', format: 'hls', role: 'master', path, data };
}

/** Every file and folder under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).map((p) => relative(dir, join(dir, p))).sort();
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'ott-tofolder-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('toFolder', () => {
  it('writes every file at its path, emits segment and manifest events in order and leaves no temp files', async () => {
    const out = join(work, 'out');
    const progress: PipelineItem = { type: 'progress', stage: 'transcode', percent: 10, processedSeconds: 1 };
    const items: PipelineItem[] = [
      progress,
      init('v'),
      segment('v', 1),
      { type: 'cmaf-init', renditionId: 'x', track, sampleEntry: new Uint8Array(8) },
      segment('v', 2),
      manifest('v/playlist.m3u8', 'media'),
      manifest('master.m3u8', 'master'),
    ];
    const events = await lastValueFrom(from(items).pipe(toFolder(out), toArray()));
    expect(events.map((e) => e.type)).toEqual(['progress', 'segment', 'segment', 'manifest', 'manifest']);
    expect(events[1]).toEqual({ type: 'segment', renditionId: 'v', number: 1, path: 'v/seg-00001.m4s', durationSeconds: 4, bytes: 3 });
    expect(events[4]).toEqual({ type: 'manifest', format: 'hls', role: 'master', path: 'master.m3u8' });
    expect(tree(out)).toEqual(['master.m3u8', 'v', 'v/init.mp4', 'v/playlist.m3u8', 'v/seg-00001.m4s', 'v/seg-00002.m4s']);
    expect([...readFileSync(join(out, 'v/seg-00001.m4s'))]).toEqual([9, 8, 7]);
    expect(readFileSync(join(out, 'master.m3u8'), 'utf8')).toBe('master');
  });

  it('replaces existing files by default', async () => {
    writeFileSync(join(work, 'master.m3u8'), 'old');
    await lastValueFrom(from([manifest('master.m3u8', 'new')]).pipe(toFolder(work), toArray()));
    expect(readFileSync(join(work, 'master.m3u8'), 'utf8')).toBe('new');
  });

  it('reports queued bytes to the producer flow and releases them once written', async () => {
    const flow = new Backpressure({ highWaterBytes: 5, lowWaterBytes: 0 });
    const changes: boolean[] = [];
    flow.onChange((paused) => changes.push(paused));
    const items = [1, 2, 3].map((n) => segment('v', n, [new Uint8Array(3)], flow));
    await lastValueFrom(from(items).pipe(toFolder(work), toArray()));
    expect(changes).toEqual([true, false]);
    expect(flow.pending).toBe(0);
  });

  it('refuses paths that leave the output folder', async () => {
    for (const path of ['../escape.m3u8', '/etc/passwd', 'a/../../b', 'a//b', 'a\\b']) {
      const error = await lastValueFrom(from([manifest(path)]).pipe(toFolder(work))).catch((e: unknown) => e);
      expect(isOttError(error) && error.code, path).toBe('PACKAGE_INVALID_INPUT');
    }
    expect(tree(work)).toEqual([]);
  });

  it('removes what it wrote when upstream fails and says so in the error', async () => {
    writeFileSync(join(work, 'keep.txt'), 'mine');
    mkdirSync(join(work, 'existing'));
    const source = new Subject<PipelineItem>();
    let written!: () => void;
    const bothWritten = new Promise<void>((resolve) => (written = resolve));
    const failed = new Promise<unknown>((resolve) => {
      let count = 0;
      source.pipe(toFolder(work)).subscribe({ next: () => ++count === 2 && written(), error: resolve });
    });
    source.next(init('v'));
    source.next(segment('v', 1));
    source.next(manifest('existing/playlist.m3u8'));
    await bothWritten;
    source.error(new OttError('FFMPEG_FAILED', 'ffmpeg exited with code 1', { stage: 'transcode', details: { exitCode: 1 } }));
    const error = await failed;
    expect(tree(work)).toEqual(['existing', 'keep.txt']);
    expect(isOttError(error)).toBe(true);
    if (!isOttError(error)) return;
    expect(error.code).toBe('FFMPEG_FAILED');
    expect(error.stage).toBe('transcode');
    expect(error.message).toBe('ffmpeg exited with code 1 (removed 3 partial output files and 1 created folder(s))');
    expect(error.details.exitCode).toBe(1);
    expect([...(error.details.cleanedUp as string[])].map((p) => relative(work, p)).sort()).toEqual(
      ['existing/playlist.m3u8', 'v', 'v/init.mp4', 'v/seg-00001.m4s'].sort(),
    );
    expect((error.cause as Error).message).toBe('ffmpeg exited with code 1');
  });

  it('waits for a write in flight before cleaning up after an upstream error, and removes the folders it created', async () => {
    const out = join(work, 'new', 'out');
    const source = concat(from([init('v'), segment('v', 1)]), throwError(() => new Error('boom')));
    const error = await lastValueFrom(source.pipe(toFolder(out))).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('INTERNAL');
    expect((error as Error).message).toMatch(/boom/);
    expect(tree(work)).toEqual([]);
  });

  it('fails with STORAGE_WRITE_FAILED when a path component is a file, and removes its partial output', async () => {
    writeFileSync(join(work, 'a'), 'not a folder');
    const error = await lastValueFrom(from([manifest('ok.m3u8'), init('a')]).pipe(toFolder(work))).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('STORAGE_WRITE_FAILED');
    expect((error as Error).message).toContain('"a/init.mp4"');
    expect((error as Error).message).toContain('removed 1 partial output file');
    expect(tree(work)).toEqual(['a']);
  });

  it('fails with STORAGE_OUTPUT_EXISTS instead of replacing a file when overwrite is off', async () => {
    writeFileSync(join(work, 'master.m3u8'), 'old');
    const error = await lastValueFrom(from([manifest('master.m3u8', 'new')]).pipe(toFolder(work, { overwrite: false }))).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('STORAGE_OUTPUT_EXISTS');
    expect(readFileSync(join(work, 'master.m3u8'), 'utf8')).toBe('old');
    expect(tree(work)).toEqual(['master.m3u8']);
  });

  it('removes its output when the subscriber unsubscribes mid-run', async () => {
    const source = new Subject<PipelineItem>();
    let written!: () => void;
    const segmentWritten = new Promise<void>((resolve) => (written = resolve));
    const subscription = source.pipe(toFolder(work)).subscribe({ next: () => written() });
    source.next(init('v'));
    source.next(segment('v', 1));
    await segmentWritten;
    expect(tree(work)).toEqual(['v', 'v/init.mp4', 'v/seg-00001.m4s']);
    subscription.unsubscribe();
    // Nothing was in flight, so the cleanup ran synchronously in the teardown.
    expect(tree(work)).toEqual([]);
  });

  it('completes after the last write when upstream completes', async () => {
    const events = await lastValueFrom(from([segment('v', 1), segment('v', 2)]).pipe(toFolder(work), toArray()));
    expect(events).toHaveLength(2);
    expect(statSync(join(work, 'v/seg-00002.m4s')).size).toBe(3);
  });
});

describe('toFolder on a full disk', () => {
  let mountPoint: string | undefined;
  let mountError = '';
  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), 'ott-tmpfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
      mountPoint = dir;
    } catch (error) {
      mountError = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  afterEach(() => {
    if (mountPoint === undefined) return;
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
    mountPoint = undefined;
  });

  it('fails with STORAGE_FULL on ENOSPC and cleans up', async (context) => {
    if (mountPoint === undefined) {
      context.skip(`needs a 1 MiB tmpfs (mount -t tmpfs), which is not permitted here: ${mountError}`);
      return;
    }
    const big = [new Uint8Array(600_000), new Uint8Array(600_000)];
    const error = await lastValueFrom(from([init('v'), segment('v', 1, big)]).pipe(toFolder(mountPoint))).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('STORAGE_FULL');
    expect((error as Error).message).toContain(`Free space on the volume holding ${mountPoint}`);
    expect(tree(mountPoint)).toEqual([]);
  });
});

describe('toFolder output checks', () => {
  it.each([
    ['an existing file', (dir: string) => { writeFileSync(join(dir, 'out'), 'x'); return join(dir, 'out'); }],
    ['a folder below a file', (dir: string) => { writeFileSync(join(dir, 'file'), 'x'); return join(dir, 'file', 'sub', 'out'); }],
  ])('fails with STORAGE_OUTPUT_NOT_A_FOLDER for %s before the source is subscribed', async (_what, outputOf) => {
    const output = outputOf(work);
    let subscribed = false;
    const source = new Observable<PipelineItem>(() => {
      subscribed = true;
    });
    const error: unknown = await lastValueFrom(source.pipe(toFolder(output))).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('STORAGE_OUTPUT_NOT_A_FOLDER');
    expect(subscribed).toBe(false);
  });
});
