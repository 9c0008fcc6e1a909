import { describe, expect, it } from 'vitest';
import type { Ladder, SourceInfo } from '@ott/core';
import { defaultLadder } from './defaultLadder.js';
import { resolveLadder } from './resolveLadder.js';

const video = (width: number, height: number, displayAspectRatio = width / height): SourceInfo['video'] => ({
  index: 0, codec: 'h264', width, height, frameRate: 25, displayAspectRatio,
});
const audio: SourceInfo['audio'] = { index: 1, codec: 'aac', sampleRate: 44100, channels: 6 };
const sourceWith = (parts: Pick<SourceInfo, 'video' | 'audio'>): SourceInfo => ({
  type: 'source', url: 'in.mp4', formatName: 'mp4', durationSeconds: 10, ...parts,
});

describe('resolveLadder', () => {
  it('keeps every rung of the default ladder for a 1080p 16:9 source', () => {
    const resolved = resolveLadder(defaultLadder, sourceWith({ video: video(1920, 1080), audio }));
    expect(resolved.video.map((r) => [r.id, r.width, r.height])).toEqual([
      ['video_1080p', 1920, 1080], ['video_720p', 1280, 720], ['video_480p', 854, 480], ['video_360p', 640, 360],
    ]);
    expect(resolved.video[0]).toMatchObject({ codec: 'h264', maxBitrate: 7_500_000, frameRate: 25 });
    expect(resolved.audio).toEqual([expect.objectContaining({ id: 'audio_aac', codec: 'aac', channels: 2, sampleRate: 48000 })]);
  });

  it('never upscales: drops rungs taller than the source', () => {
    const resolved = resolveLadder(defaultLadder, sourceWith({ video: video(1280, 720), audio }));
    expect(resolved.video.map((r) => r.height)).toEqual([720, 480, 360]);
  });

  it('keeps one rung at the source height when the source is smaller than every rung', () => {
    const resolved = resolveLadder(defaultLadder, sourceWith({ video: video(320, 241) }));
    expect(resolved.video).toHaveLength(1);
    expect(resolved.video[0]).toMatchObject({ id: 'video_240p', height: 240, width: 318 });
    expect(resolved.video[0]?.bitrate).toBeLessThan(800_000);
  });

  it('follows a 4:3 source with even widths', () => {
    const resolved = resolveLadder(defaultLadder, sourceWith({ video: video(1440, 1080) }));
    expect(resolved.video.map((r) => r.width)).toEqual([1440, 960, 640, 480]);
  });

  it('uses the display aspect ratio of anamorphic sources', () => {
    // 720x576 PAL with 64:45 sample aspect ratio displays at 16:9.
    const resolved = resolveLadder(defaultLadder, sourceWith({ video: video(720, 576, 16 / 9) }));
    expect(resolved.video.map((r) => [r.width, r.height])).toEqual([[854, 480], [640, 360]]);
  });

  it('keeps portrait sources portrait: heights are heights', () => {
    const resolved = resolveLadder(defaultLadder, sourceWith({ video: video(1080, 1920) }));
    expect(resolved.video.map((r) => [r.width, r.height])).toEqual([[608, 1080], [406, 720], [270, 480], [202, 360]]);
    expect(resolved.video.every((r) => r.width % 2 === 0)).toBe(true);
  });

  it('drops video rungs for an audio-only source and audio for a video-only one', () => {
    expect(resolveLadder(defaultLadder, sourceWith({ audio })).video).toEqual([]);
    expect(resolveLadder(defaultLadder, sourceWith({ video: video(640, 360) })).audio).toEqual([]);
  });

  it('rejects a ladder that leaves nothing to encode', () => {
    const videoOnly: Ladder = { video: defaultLadder.video, audio: [] };
    expect(() => resolveLadder(videoOnly, sourceWith({ audio }))).toThrow(expect.objectContaining({ code: 'INVALID_LADDER' }));
  });

  it.each<[string, Ladder]>([
    ['duplicate ids', { video: [{ kind: 'video', id: 'v', height: 360, bitrate: 1 }], audio: [{ kind: 'audio', id: 'v', bitrate: 1 }] }],
    ['an id that is not folder-safe', { video: [{ kind: 'video', id: '../up', height: 360, bitrate: 1000 }], audio: [] }],
    ['a zero bitrate', { video: [{ kind: 'video', id: 'v', height: 360, bitrate: 0 }], audio: [] }],
    ['an odd height', { video: [{ kind: 'video', id: 'v', height: 361, bitrate: 1000 }], audio: [] }],
    ['a maxBitrate below the bitrate', { video: [{ kind: 'video', id: 'v', height: 360, bitrate: 1000, maxBitrate: 500 }], audio: [] }],
  ])('rejects %s with INVALID_LADDER', (_name, ladder) => {
    expect(() => resolveLadder(ladder, sourceWith({ video: video(640, 360), audio }))).toThrow(
      expect.objectContaining({ code: 'INVALID_LADDER', stage: 'transcode' }),
    );
  });
});
