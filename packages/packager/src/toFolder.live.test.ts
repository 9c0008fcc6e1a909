import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Subject, concat, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { OttError, isOttError } from '@ott/core';
import type { InitSegment, Manifest, Part, PipelineItem, RemoveFile, Segment, TrackInfo } from '@ott/core';
import { toFolder } from './toFolder.js';

const track: TrackInfo = { id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale: 1000 };

const init: InitSegment = { type: 'init-segment', renditionId: 'v', track, path: 'v/init.mp4', data: new Uint8Array([1]) };

function part(number: number, index: number, bytes: number[]): Part {
  return {
    type: 'media-part',
    renditionId: 'v',
    track,
    segmentNumber: number,
    index,
    startTime: 0,
    duration: 500,
    independent: index === 0,
    path: `v/seg-${String(number).padStart(5, '0')}.p${index}.m4s`,
    chunks: [new Uint8Array(bytes)],
    byteLength: bytes.length,
  };
}

function segment(number: number, chunks: Uint8Array[]): Segment {
  return {
    type: 'media-segment',
    renditionId: 'v',
    track,
    number,
    startTime: 0,
    duration: 1000,
    presentationTime: 0,
    startsWithKeyframe: true,
    path: `v/seg-${String(number).padStart(5, '0')}.m4s`,
    chunks,
    byteLength: chunks.reduce((sum, c) => sum + c.byteLength, 0),
  };
}

const manifest = (data: string): Manifest => ({ type: 'manifest-file', format: 'hls', role: 'media', path: 'v/playlist.m3u8', data });
const remove = (path: string): RemoveFile => ({ type: 'remove-file', path });

function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).map((p) => relative(dir, join(dir, p))).sort();
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'ott-tofolder-live-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('toFolder with live items', () => {
  it('writes parts like segments (no event of their own) and a segment event per segment', async () => {
    const p0 = part(1, 0, [1, 2]);
    const p1 = part(1, 1, [3]);
    const items: PipelineItem[] = [init, p0, manifest('a'), p1, segment(1, [...p0.chunks, ...p1.chunks]), manifest('b')];
    const events = await lastValueFrom(from(items).pipe(toFolder(work, { live: true }), toArray()));
    expect(events.map((e) => e.type)).toEqual(['manifest', 'segment', 'manifest']);
    expect(tree(work)).toEqual(['v', 'v/init.mp4', 'v/playlist.m3u8', 'v/seg-00001.m4s', 'v/seg-00001.p0.m4s', 'v/seg-00001.p1.m4s']);
    expect([...readFileSync(join(work, 'v/seg-00001.m4s'))]).toEqual([1, 2, 3]);
    expect([...readFileSync(join(work, 'v/seg-00001.p1.m4s'))]).toEqual([3]);
  });

  it('deletes a file only after the manifests queued before the removal are written, and ignores a missing one', async () => {
    const source = new Subject<PipelineItem>();
    const existedAtManifest: boolean[] = [];
    const done = new Promise<void>((resolve, reject) => {
      source.pipe(toFolder(work, { live: true })).subscribe({
        next: (event) => {
          if (event.type === 'manifest') existedAtManifest.push(existsSync(join(work, 'v/seg-00001.p0.m4s')));
        },
        error: reject,
        complete: resolve,
      });
    });
    source.next(part(1, 0, [1]));
    source.next(manifest('lists p0'));
    source.next(manifest('no longer lists p0'));
    source.next(remove('v/seg-00001.p0.m4s'));
    source.next(remove('v/never-written.m4s'));
    source.complete();
    await done;
    expect(existedAtManifest).toEqual([true, true]);
    expect(tree(work)).toEqual(['v', 'v/playlist.m3u8']);
  });

  it('keeps every published file when upstream fails in live mode, and reports the error unchanged', async () => {
    const error = new OttError('FFMPEG_FAILED', 'ffmpeg exited with code 1', { stage: 'transcode' });
    const source = new Subject<PipelineItem>();
    let published!: () => void;
    const manifestWritten = new Promise<void>((resolve) => (published = resolve));
    const failed = new Promise<unknown>((resolve) => {
      source.pipe(toFolder(work, { live: true })).subscribe({ next: (e) => e.type === 'manifest' && published(), error: resolve });
    });
    for (const item of [init, part(1, 0, [1]), segment(1, [new Uint8Array([1])]), manifest('x')]) source.next(item);
    await manifestWritten;
    source.error(error);
    expect(await failed).toBe(error);
    expect(tree(work)).toEqual(['v', 'v/init.mp4', 'v/playlist.m3u8', 'v/seg-00001.m4s', 'v/seg-00001.p0.m4s']);
  });

  it('keeps every published file when unsubscribed mid-stream in live mode', async () => {
    const source = new Subject<PipelineItem>();
    let written!: () => void;
    const manifestWritten = new Promise<void>((resolve) => (written = resolve));
    const subscription = source.pipe(toFolder(work, { live: true })).subscribe({ next: (e) => e.type === 'manifest' && written() });
    source.next(init);
    source.next(part(1, 0, [1]));
    source.next(manifest('x'));
    await manifestWritten;
    subscription.unsubscribe();
    expect(tree(work)).toEqual(['v', 'v/init.mp4', 'v/playlist.m3u8', 'v/seg-00001.p0.m4s']);
  });

  it('still undoes a failed run outside live mode, parts included', async () => {
    const source = concat(from([init, part(1, 0, [1]), manifest('x')]), throwError(() => new Error('boom')));
    const failure = await lastValueFrom(source.pipe(toFolder(work))).catch((e: unknown) => e);
    const cleaned = isOttError(failure) ? (failure.details.cleanedUp as string[]).map((p) => relative(work, p)) : [];
    expect(cleaned).toContain('v/seg-00001.p0.m4s');
    expect(tree(work)).toEqual([]);
  });

  it('replaces manifests in live mode even with overwrite off (they are rewritten all the time)', async () => {
    const items: PipelineItem[] = [manifest('one'), manifest('two')];
    await lastValueFrom(from(items).pipe(toFolder(work, { live: true, overwrite: false }), toArray()));
    expect(readFileSync(join(work, 'v/playlist.m3u8'), 'utf8')).toBe('two');
  });
});
