import { describe, expect, it } from 'vitest';
import type { Ladder, SourceInfo } from '@ott/core';
import { planVod } from './planVod.js';
import type { VodJob } from './VodJob.js';

const source: SourceInfo = {
  type: 'source', url: '/mnt/shared/in.mp4', formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSeconds: 180,
  video: { index: 0, codec: 'h264', width: 1280, height: 720, frameRate: 25, displayAspectRatio: 16 / 9 },
  audio: { index: 1, codec: 'aac', sampleRate: 48000, channels: 2 },
};
const ladder: Ladder = {
  video: [
    { kind: 'video', id: 'video_720p', height: 720, bitrate: 2_800_000 },
    { kind: 'video', id: 'video_360p', height: 360, bitrate: 800_000 },
  ],
  audio: [{ kind: 'audio', id: 'audio_aac', bitrate: 128_000 }],
};
const job = (extra: Partial<VodJob> = {}): VodJob => ({ source, output: '/mnt/shared/out', ladder, ...extra });

describe('planVod', () => {
  it('cuts the video into chunks of the multiple of the segment duration closest to 30 s, one task per chunk and rendition', () => {
    const plan = planVod(job(), 'job-1');
    expect(plan.chunks).toEqual([{ start: 0, duration: 32 }, { start: 32, duration: 32 }, { start: 64, duration: 32 }, { start: 96, duration: 32 }, { start: 128, duration: 32 }, { start: 160 }]);
    expect(plan.encodes).toHaveLength(6 * 2 + 1);
    expect(plan.encodes[0]).toMatchObject({ kind: 'audio', taskId: 'job-1-audio_aac', key: 'audio_aac/audio.mp4', start: 0 });
    expect(plan.encodes[0]?.duration).toBeUndefined();
    expect(plan.encodes[1]).toMatchObject({ kind: 'chunk', taskId: 'job-1-video_720p-c00000', key: 'video_720p/chunk-00000.mp4', start: 0, duration: 32 });
    expect(plan.encodes.at(-1)).toMatchObject({ taskId: 'job-1-video_360p-c00005', start: 160 });
    expect(plan.stitch.renditions.map((r) => [r.rendition.id, r.keys.length])).toEqual([['video_720p', 6], ['video_360p', 6], ['audio_aac', 1]]);
    expect(plan.stitch.work).toEqual({ kind: 'folder', path: '/mnt/shared/out/.ott-farm/job-1' });
    expect(plan.finalize.taskId).toBe('job-1');
  });

  it('takes a 6 s segment duration to 30 s chunks and an explicit chunk duration as given', () => {
    expect(planVod(job({ segmentDuration: 6 }), 'a').chunks[1]?.start).toBe(30);
    expect(planVod(job({ chunkDuration: 60 }), 'a').chunks.map((c) => c.start)).toEqual([0, 60, 120]);
  });

  it('merges a last chunk shorter than one GOP into the one before', () => {
    const plan = planVod(job({ source: { ...source, durationSeconds: 65 } }), 'a');
    expect(plan.chunks).toEqual([{ start: 0, duration: 32 }, { start: 32 }]);
  });

  it('weights tasks by pixels × seconds so the shares add up to 1, with a few percent for the stitch', () => {
    const { progress } = planVod(job(), 'job-1').finalize;
    expect(progress.reduce((sum, p) => sum + p.weight, 0)).toBeCloseTo(1, 9);
    const weightOf = (id: string): number => progress.find((p) => p.taskId === id)?.weight ?? 0;
    expect(weightOf('job-1-video_720p-c00000')).toBeGreaterThan(weightOf('job-1-video_360p-c00000'));
    expect(weightOf('job-1-video_720p-c00005')).toBeLessThan(weightOf('job-1-video_720p-c00000')); // 20 s, not 32 s
    expect(weightOf('job-1-stitch')).toBeCloseTo(0.03, 9);
  });

  it('rejects chunks that are not a multiple of the segment, segments that are not a multiple of the GOP, and unsafe names', () => {
    expect(() => planVod(job({ chunkDuration: 30 }), 'a')).toThrow(expect.objectContaining({ code: 'QUEUE_INVALID_JOB', message: expect.stringMatching(/straddle/) }));
    expect(() => planVod(job({ gopSeconds: 3 }), 'a')).toThrow(expect.objectContaining({ code: 'QUEUE_INVALID_JOB' }));
    expect(() => planVod(job({ output: 'relative/out' }), 'a')).toThrow(expect.objectContaining({ code: 'QUEUE_INVALID_JOB', message: expect.stringMatching(/absolute/) }));
    expect(() => planVod(job(), 'has:colon')).toThrow(expect.objectContaining({ code: 'QUEUE_INVALID_JOB' }));
    expect(() => planVod(job({ source: { ...source, durationSeconds: 0 } }), 'a')).toThrow(expect.objectContaining({ code: 'QUEUE_INVALID_JOB' }));
  });

  it('plans audio only for a source without video, and video only without audio', () => {
    const { video: _video, ...audioOnly } = source;
    expect(planVod(job({ source: audioOnly }), 'a').encodes.map((t) => t.kind)).toEqual(['audio']);
    const { audio: _audio, ...videoOnly } = source;
    expect(new Set(planVod(job({ source: videoOnly }), 'a').encodes.map((t) => t.kind))).toEqual(new Set(['chunk']));
  });
});
