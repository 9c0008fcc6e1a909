import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CmafFragment, CmafInit, PipelineItem, SourceInfo } from '@ott/core';
import { parseLadderSpec } from './ladder/parseLadderSpec.js';
import { transcodeLadder } from './transcodeLadder.js';

let dir: string;
let source: SourceInfo;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ott-codecs-'));
  const input = join(dir, 'in.mkv');
  execFileSync('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'pcm_s16le', input,
  ]);
  source = {
    type: 'source', url: input, formatName: 'matroska,webm', durationSeconds: 2,
    video: { index: 0, codec: 'h264', width: 320, height: 180, frameRate: 30, displayAspectRatio: 16 / 9 },
    audio: { index: 1, codec: 'pcm_s16le', sampleRate: 48000, channels: 1 },
  };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('transcodeLadder codecs', () => {
  it('encodes h265 (hvc1), vp9, av1 and opus renditions with a keyframe at every GOP', async () => {
    const ladder = parseLadderSpec('180p@300k:h265,180p@300k:vp9,180p@300k:av1,audio@64k:opus');
    const items = await lastValueFrom(of<PipelineItem>(source).pipe(transcodeLadder(ladder, { preset: 'ultrafast', gopSeconds: 1 }), toArray()));
    const inits = new Map(items.filter((i): i is CmafInit => i.type === 'cmaf-init').map((i) => [i.renditionId, i.track]));
    expect(inits.get('video_180p_h265')?.codec).toMatch(/^hvc1\./);
    expect(inits.get('video_180p_vp9')?.codec).toMatch(/^vp09\./);
    expect(inits.get('video_180p_av1')?.codec).toMatch(/^av01\./);
    expect(inits.get('audio_opus')?.codec).toBe('opus');
    const fragments = items.filter((i): i is CmafFragment => i.type === 'cmaf-fragment');
    for (const id of ['video_180p_h265', 'video_180p_vp9', 'video_180p_av1']) {
      const own = fragments.filter((f) => f.renditionId === id);
      expect(own).toHaveLength(2);
      expect(own.every((f) => f.samples[0]?.isSync)).toBe(true);
    }
  });
});
