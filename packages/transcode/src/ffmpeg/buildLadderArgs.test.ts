import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '@ott/core';
import { parseLadderSpec } from '../ladder/parseLadderSpec.js';
import { resolveLadder } from '../ladder/resolveLadder.js';
import { buildLadderArgs } from './buildLadderArgs.js';

const source: SourceInfo = {
  type: 'source', url: 'in.mp4', formatName: 'mp4', durationSeconds: 10,
  video: { index: 1, codec: 'h264', width: 1920, height: 1080, frameRate: 25, displayAspectRatio: 16 / 9 },
  audio: { index: 0, codec: 'aac', sampleRate: 48000, channels: 2 },
};
const build = (spec: string, options = {}) => buildLadderArgs(resolveLadder(parseLadderSpec(spec), source), source, options);
/** The arguments between the previous output target and `target`. */
function outputArgs(args: readonly string[], target: string): string[] {
  const end = args.indexOf(target);
  const start = args.lastIndexOf('-movflags', end - 2);
  let previous = start - 1;
  while (previous >= 0 && !/^pipe:\d+$|^-filter_complex$/.test(args[previous] ?? '')) previous--;
  // after -filter_complex comes its graph
  return args.slice(args[previous] === '-filter_complex' ? previous + 2 : previous + 1, end);
}

describe('buildLadderArgs', () => {
  it('decodes once and splits into one scaled yuv420p branch per rung', () => {
    const { args, outputs } = build('720p,360p,audio');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(
      '[0:1]split=2[s0][s1];[s0]scale=1280:720,format=yuv420p,setsar=1[v0];[s1]scale=640:360,format=yuv420p,setsar=1[v1]',
    );
    expect(outputs).toEqual([
      { renditionId: 'video_720p', kind: 'video', fd: 3 },
      { renditionId: 'video_360p', kind: 'video', fd: 4 },
      { renditionId: 'audio_aac', kind: 'audio', fd: 5 },
    ]);
    expect(args.slice(-1)).toEqual(['pipe:5']);
    expect(args).toContain('-nostats');
    expect(args[args.indexOf('-progress') + 1]).toBe('pipe:1');
  });

  it('forces closed GOPs of gopSeconds on every h264 rung with VBV rate control', () => {
    const { args } = build('720p@3000k', { gopSeconds: 2, preset: 'ultrafast' });
    const out = outputArgs(args, 'pipe:3');
    expect(out).toEqual(expect.arrayContaining(['-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'high']));
    const value = (flag: string) => out[out.indexOf(flag) + 1];
    expect(value('-force_key_frames')).toBe('expr:gte(t,n_forced*2)');
    expect([value('-g'), value('-keyint_min'), value('-sc_threshold')]).toEqual(['50', '50', '0']);
    expect(value('-x264-params')).toBe('keyint=50:min-keyint=50:scenecut=0:open-gop=0');
    expect([value('-b:v'), value('-maxrate'), value('-bufsize')]).toEqual(['3000000', '4500000', '6000000']);
    expect(value('-movflags')).toBe('+frag_keyframe+empty_moov+default_base_moof+negative_cts_offsets');
    expect(args.indexOf('-filter_complex')).toBeGreaterThan(-1);
    expect(args[args.indexOf('-filter_complex') + 1]).toBe('[0:1]scale=1280:720,format=yuv420p,setsar=1[v0]');
  });

  it('maps each codec to its encoder and keyframe settings', () => {
    const { args } = build('720p:h265,480p:vp9,360p:av1,audio:opus', { preset: 'veryfast' });
    expect(outputArgs(args, 'pipe:3')).toEqual(expect.arrayContaining(['libx265', '-tag:v', 'hvc1', '-x265-params', 'keyint=50:min-keyint=50:scenecut=0:open-gop=0:log-level=error']));
    expect(outputArgs(args, 'pipe:4')).toEqual(expect.arrayContaining(['libvpx-vp9', '-row-mt', '1', '-deadline', 'realtime', '-cpu-used', '7']));
    expect(outputArgs(args, 'pipe:5')).toEqual(expect.arrayContaining(['libsvtav1', '-preset', '10', '-g', '50', '-svtav1-params', 'keyint=50:scd=0']));
    expect(outputArgs(args, 'pipe:6')).toEqual(expect.arrayContaining(['-map', '0:0', '-c:a', 'libopus', '-b:a', '96000', '-ar', '48000']));
  });

  it('cuts audio fragments by GOP duration rather than per frame', () => {
    const out = outputArgs(build('audio@128k', { gopSeconds: 2 }).args, 'pipe:3');
    expect(out).toEqual(expect.arrayContaining(['-c:a', 'aac', '-ac', '2', '-movflags', '+empty_moov+default_base_moof', '-frag_duration', '2000000']));
    expect(out).not.toContain('+frag_keyframe+empty_moov+default_base_moof+negative_cts_offsets');
  });

  it('places extra arguments and custom targets, e.g. to print a file-based command', () => {
    const { args } = build('360p,audio', {
      extraArgs: { input: ['-t', '5'], video: ['-tune', 'film'], audio: ['-cutoff', '18000'] },
      target: (r: { id: string }) => `${r.id}.mp4`,
      progress: false,
    });
    expect(args.slice(args.indexOf('-i') - 2, args.indexOf('-i'))).toEqual(['-t', '5']);
    expect(outputArgs(args, 'video_360p.mp4')).toEqual(expect.arrayContaining(['-tune', 'film']));
    expect(outputArgs(args, 'audio_aac.mp4')).toEqual(expect.arrayContaining(['-cutoff', '18000']));
    expect(args).not.toContain('-progress');
  });

  it('sets the B-frame count on h264/h265 rungs only when asked', () => {
    expect(outputArgs(build('720p', { bFrames: 0 }).args, 'pipe:3')).toEqual(expect.arrayContaining(['-bf', '0']));
    expect(build('720p').args).not.toContain('-bf');
    expect(build('720p:vp9', { bFrames: 2 }).args).not.toContain('-bf');
  });

  it('rejects an unknown preset and a non-positive GOP', () => {
    expect(() => build('360p', { preset: 'turbo' })).toThrow(expect.objectContaining({ code: 'INVALID_LADDER' }));
    expect(() => build('360p', { gopSeconds: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_LADDER' }));
  });
});
