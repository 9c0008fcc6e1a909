import { describe, expect, it } from 'vitest';
import { firstValueFrom, from, toArray } from 'rxjs';
import { Backpressure, findBox, findPath, isOttError, readBoxes } from '@ott/core';
import type { CmafFragment, CmafInit, CmafSample, PipelineItem, Segment, TrackInfo, WarningEvent } from '@ott/core';
import { segmentCmaf } from './segmentCmaf.js';

/** A syntactically valid sample entry box (writeCmafInit embeds it verbatim). */
function fakeEntry(type: string): Uint8Array {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setUint32(0, 16);
  for (let i = 0; i < 4; i++) bytes[4 + i] = type.charCodeAt(i);
  return bytes;
}

function videoInit(renditionId: string, timescale: number): CmafInit {
  const track: TrackInfo = { id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale, width: 1280, height: 720, frameRate: 30 };
  return { type: 'cmaf-init', renditionId, track, sampleEntry: fakeEntry('avc1') };
}

function audioInit(renditionId: string): CmafInit {
  const track: TrackInfo = { id: 1, kind: 'audio', codec: 'mp4a.40.2', sampleEntry: 'mp4a', timescale: 48000, sampleRate: 48000, channels: 2 };
  return { type: 'cmaf-init', renditionId, track, sampleEntry: fakeEntry('mp4a') };
}

interface FrameSpec {
  readonly count: number;
  readonly duration: number;
  readonly isSync: (index: number) => boolean;
  readonly size?: number;
}

/** Splits `spec.count` samples into fragments of `perFragment`; sample i's bytes are all `i & 0xff`. */
function fragments(renditionId: string, spec: FrameSpec, perFragment: number, flow?: Backpressure): CmafFragment[] {
  const out: CmafFragment[] = [];
  const size = spec.size ?? 10;
  for (let start = 0; start < spec.count; start += perFragment) {
    const n = Math.min(perFragment, spec.count - start);
    const samples: CmafSample[] = [];
    const data = new Uint8Array(n * size);
    for (let i = 0; i < n; i++) {
      samples.push({ duration: spec.duration, size, compositionTimeOffset: 0, isSync: spec.isSync(start + i) });
      data.fill((start + i) & 0xff, i * size, (i + 1) * size);
    }
    out.push({
      type: 'cmaf-fragment',
      renditionId,
      trackId: 7,
      baseMediaDecodeTime: start * spec.duration,
      samples,
      data,
      ...(flow === undefined ? {} : { flow }),
    });
  }
  return out;
}

async function run(items: PipelineItem[], segmentDuration = 4): Promise<PipelineItem[]> {
  return firstValueFrom(from(items).pipe(segmentCmaf({ segmentDuration }), toArray()));
}

const segmentsOf = (items: PipelineItem[], renditionId: string): Segment[] =>
  items.filter((i): i is Segment => i.type === 'media-segment' && i.renditionId === renditionId);

const startsInSeconds = (segments: Segment[]): number[] => segments.map((s) => s.startTime / s.track.timescale);

describe('segmentCmaf', () => {
  it('emits an init segment for each cmaf-init at <renditionId>/init.mp4', async () => {
    const out = await run([videoInit('video_720p', 15360)]);
    expect(out).toHaveLength(1);
    const init = out[0];
    expect(init).toMatchObject({ type: 'init-segment', renditionId: 'video_720p', path: 'video_720p/init.mp4' });
    if (init?.type !== 'init-segment') throw new Error('expected init');
    // Top level only: the fake sample entry is not a parseable avc1.
    const boxes = readBoxes(init.data, { readers: {} });
    expect(boxes.map((b) => b.type)).toEqual(['ftyp', 'moov']);
  });

  it('cuts video on the first keyframe at or after each boundary and flushes the partial last segment', async () => {
    // 30 fps, timescale 15360, keyframe every 2 s, 10 s in fragments of 1 s.
    const spec = { count: 300, duration: 512, isSync: (i: number) => i % 60 === 0 };
    const out = await run([videoInit('v', 15360), ...fragments('v', spec, 30)]);
    const segments = segmentsOf(out, 'v');
    expect(startsInSeconds(segments)).toEqual([0, 4, 8]);
    expect(segments.map((s) => s.duration / 15360)).toEqual([4, 4, 2]);
    expect(segments.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(segments.map((s) => s.path)).toEqual(['v/seg-00001.m4s', 'v/seg-00002.m4s', 'v/seg-00003.m4s']);
    expect(segments.every((s) => s.startsWithKeyframe)).toBe(true);
  });

  it('keeps boundaries absolute when keyframes come late, so durations do not drift', async () => {
    // Keyframe every 3 s, target 4 s: cuts at 6 (first key >= 4), 9 (>= 8), 12 (>= 12), 15 (>= 13? no: >= 16 -> 18).
    const spec = { count: 600, duration: 512, isSync: (i: number) => i % 90 === 0 };
    const out = await run([videoInit('v', 15360), ...fragments('v', spec, 45)]);
    expect(startsInSeconds(segmentsOf(out, 'v'))).toEqual([0, 6, 9, 12, 18]);
  });

  it('cuts every video rung at the same instants when their keyframes are aligned', async () => {
    const high = fragments('video_720p', { count: 450, duration: 512, isSync: (i) => i % 60 === 0, size: 40 }, 30);
    const low = fragments('video_360p', { count: 450, duration: 1000, isSync: (i) => i % 60 === 0, size: 7 }, 17);
    const items: PipelineItem[] = [videoInit('video_720p', 15360), videoInit('video_360p', 30000)];
    // Interleave the two rungs as a transcoder would.
    for (let i = 0; i < Math.max(high.length, low.length); i++) items.push(...[high[i], low[i]].filter((f) => f !== undefined));
    const out = await run(items, 4);
    const a = startsInSeconds(segmentsOf(out, 'video_720p'));
    const b = startsInSeconds(segmentsOf(out, 'video_360p'));
    expect(a).toEqual([0, 4, 8, 12]);
    expect(b).toEqual(a);
  });

  it('cuts audio before the first sample at or after each boundary, without drift', async () => {
    // AAC: 1024 samples per frame at 48 kHz; 20 s.
    const spec = { count: 938, duration: 1024, isSync: () => true };
    const out = await run([audioInit('audio_aac'), ...fragments('audio_aac', spec, 47)]);
    const segments = segmentsOf(out, 'audio_aac');
    expect(segments.map((s) => s.startTime)).toEqual([0, 188 * 1024, 375 * 1024, 563 * 1024, 750 * 1024]);
    for (const [k, segment] of segments.entries()) {
      const boundary = k * 4 * 48000;
      expect(segment.startTime - boundary).toBeGreaterThanOrEqual(0);
      expect(segment.startTime - boundary).toBeLessThan(1024);
    }
    const total = segments.reduce((sum, s) => sum + s.duration, 0);
    expect(total).toBe(938 * 1024);
  });

  it('references the fragment bytes without copying and merges contiguous samples into one chunk', async () => {
    const spec = { count: 120, duration: 512, isSync: (i: number) => i % 60 === 0 };
    const frags = fragments('v', spec, 45);
    const out = await run([videoInit('v', 15360), ...frags]);
    const [first] = segmentsOf(out, 'v');
    if (first === undefined) throw new Error('no segment');
    // styp + moof/mdat header + samples 0..44 (fragment 0) + samples 45..89 (fragment 1) + 90..119 (fragment 2).
    expect(first.chunks).toHaveLength(5);
    expect(first.chunks[2]?.buffer).toBe(frags[0]?.data.buffer);
    expect(first.chunks[3]?.buffer).toBe(frags[1]?.data.buffer);
    expect(first.byteLength).toBe(first.chunks.reduce((sum, c) => sum + c.byteLength, 0));
    const bytes = Buffer.concat(first.chunks);
    const boxes = readBoxes(bytes);
    expect(boxes.map((b) => b.type)).toEqual(['styp', 'moof', 'mdat']);
    const tfdt = findPath(findBox(boxes, 'moof'), 'traf', 'tfdt');
    expect(tfdt).toMatchObject({ baseMediaDecodeTime: 0 });
    const trun = findPath(findBox(boxes, 'moof'), 'traf', 'trun');
    expect(trun).toMatchObject({ sampleCount: 120 });
    const tfhd = findPath(findBox(boxes, 'moof'), 'traf', 'tfhd');
    expect(tfhd).toMatchObject({ trackId: 1 }); // the init's track id, not the upstream fragment's (7)
    // mdat payload is the samples in order: sample i is filled with i.
    expect(bytes[bytes.byteLength - 1]).toBe(119);
  });

  it('carries the producer flow control on to the segments', async () => {
    const flow = new Backpressure();
    const out = await run([videoInit('v', 15360), ...fragments('v', { count: 60, duration: 512, isSync: (i) => i === 0 }, 30, flow)]);
    expect(segmentsOf(out, 'v')[0]?.flow).toBe(flow);
  });

  it('drops video samples before the first keyframe with a warning', async () => {
    const spec = { count: 150, duration: 512, isSync: (i: number) => i === 10 || i === 130 };
    const out = await run([videoInit('v', 15360), ...fragments('v', spec, 30)]);
    const warning = out.find((i): i is WarningEvent => i.type === 'warning');
    expect(warning?.code).toBe('PACKAGE_LEADING_NON_SYNC');
    expect(warning?.message).toContain('dropped 10');
    const segments = segmentsOf(out, 'v');
    expect(segments[0]?.startTime).toBe(10 * 512);
    expect(segments[0]?.startsWithKeyframe).toBe(true);
    // Boundaries count from the first kept sample: 10*512 + 4 s -> next keyframe (frame 130).
    expect(segments[1]?.startTime).toBe(130 * 512);
  });

  it('warns once when a video segment grows past 3 x the target for lack of keyframes', async () => {
    const spec = { count: 450, duration: 512, isSync: (i: number) => i === 0 };
    const out = await run([videoInit('v', 15360), ...fragments('v', spec, 30)]);
    const warnings = out.filter((i): i is WarningEvent => i.type === 'warning');
    expect(warnings.map((w) => w.code)).toEqual(['PACKAGE_LONG_SEGMENT']);
    expect(segmentsOf(out, 'v')).toHaveLength(1);
  });

  it('absorbs a gap between fragments into the last sample so the segment timeline stays continuous', async () => {
    const [a, b] = fragments('v', { count: 60, duration: 512, isSync: (i) => i === 0 }, 30);
    if (a === undefined || b === undefined) throw new Error('fixture');
    const shifted = { ...b, baseMediaDecodeTime: b.baseMediaDecodeTime + 100 };
    const out = await run([videoInit('v', 15360), a, shifted]);
    expect(out.filter((i) => i.type === 'warning').map((w) => (w as WarningEvent).code)).toEqual(['PACKAGE_TIMELINE_GAP']);
    expect(segmentsOf(out, 'v')[0]?.duration).toBe(60 * 512 + 100);
  });

  it('fails with PACKAGE_NO_KEYFRAME when a video rendition never has a keyframe', async () => {
    const spec = { count: 30, duration: 512, isSync: () => false };
    const error = await run([videoInit('v', 15360), ...fragments('v', spec, 30)]).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('PACKAGE_NO_KEYFRAME');
  });

  it('fails with PACKAGE_INVALID_INPUT on a fragment of a rendition without init', async () => {
    const error = await run(fragments('ghost', { count: 3, duration: 512, isSync: () => true }, 3)).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('PACKAGE_INVALID_INPUT');
    expect((error as Error).message).toContain('"ghost"');
  });

  it('fails with PACKAGE_INVALID_INPUT when sample sizes overrun the fragment data', async () => {
    const [f] = fragments('v', { count: 3, duration: 512, isSync: () => true }, 3);
    if (f === undefined) throw new Error('fixture');
    const error = await run([videoInit('v', 15360), { ...f, data: f.data.subarray(0, 5) }]).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('PACKAGE_INVALID_INPUT');
  });

  it('passes items it does not handle through untouched', async () => {
    const progress: PipelineItem = { type: 'progress', stage: 'transcode', percent: 50, processedSeconds: 1 };
    const out = await run([progress]);
    expect(out).toEqual([progress]);
  });

  it('rejects a non-positive segment duration', () => {
    expect(() => segmentCmaf({ segmentDuration: 0 })).toThrow(/positive/);
  });
});
