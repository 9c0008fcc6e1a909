import { describe, expect, it } from 'vitest';
import { Subject, lastValueFrom, toArray } from 'rxjs';
import { Backpressure } from '@ott/core';
import type { PipelineItem, Segment, TrackInfo } from '@ott/core';
import { mapOutputFiles } from './mapOutputFiles.js';

const track: TrackInfo = { id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale: 1000 };
const segment = (number: number, flow?: Backpressure): Segment => ({
  type: 'media-segment', renditionId: 'v', track, number, startTime: number * 1000, duration: 1000, presentationTime: number * 1000,
  startsWithKeyframe: true, path: `v/seg-${number}.m4s`, chunks: [new Uint8Array(100)], byteLength: 100, ...(flow ? { flow } : {}),
});
const event = (n: number): PipelineItem => ({ type: 'progress', stage: 'packager', percent: n, processedSeconds: n });

describe('mapOutputFiles with asynchronous segment mapping', () => {
  it('keeps arrival order, holds later items behind a pending segment, and counts pending bytes on the flow', async () => {
    const resolvers = new Map<number, () => void>();
    const flow = new Backpressure({ highWaterBytes: 150 });
    const source = new Subject<PipelineItem>();
    const out = lastValueFrom(source.pipe(
      mapOutputFiles(() => ({
        init: (init) => init,
        segment: (s) => (s.number === 3 ? { ...s, path: 'sync' } : new Promise<PipelineItem>((resolve) => resolvers.set(s.number, () => resolve({ ...s, path: `done-${s.number}` })))),
      })),
      toArray(),
    ));
    source.next(segment(1, flow));
    source.next(event(1));
    source.next(segment(2, flow));
    expect(flow.pending).toBe(200);
    expect(flow.paused).toBe(true);
    source.next(segment(3, flow));
    source.complete();
    resolvers.get(2)?.();
    await Promise.resolve();
    resolvers.get(1)?.();
    const items = await out;
    expect(items.map((i) => (i.type === 'media-segment' ? i.path : i.type))).toEqual(['done-1', 'progress', 'done-2', 'sync']);
    expect(flow.pending).toBe(0);
  });

  it('fails the stream with the error of a rejected segment', async () => {
    const source = new Subject<PipelineItem>();
    const out = lastValueFrom(source.pipe(mapOutputFiles(() => ({ init: (i) => i, segment: () => Promise.reject(new Error('cipher failed')) }))));
    source.next(segment(1));
    source.complete();
    await expect(out).rejects.toThrow('cipher failed');
  });
});
