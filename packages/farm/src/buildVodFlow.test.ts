import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '@ott/core';
import { buildVodFlow } from './buildVodFlow.js';
import { planVod } from './planVod.js';

const source: SourceInfo = {
  type: 'source', url: '/in.mp4', formatName: 'mp4', durationSeconds: 70,
  video: { index: 0, codec: 'h264', width: 640, height: 360, frameRate: 30, displayAspectRatio: 16 / 9 },
  audio: { index: 1, codec: 'aac', sampleRate: 48000, channels: 2 },
};

describe('buildVodFlow', () => {
  const plan = planVod({ source, output: '/out', ladder: { video: [{ kind: 'video', id: 'video_360p', height: 360, bitrate: 800_000 }], audio: [{ kind: 'audio', id: 'audio_aac', bitrate: 96_000 }] } }, 'j1');
  const flow = buildVodFlow(plan, { queueName: 'q', attempts: 4, backoffMs: 500 });

  it('chains finalize ← stitch ← every encode, with the plan’s task ids as job ids', () => {
    expect(flow).toMatchObject({ name: 'finalize', queueName: 'q', opts: { jobId: 'j1' } });
    const stitch = flow.children?.[0];
    expect(stitch).toMatchObject({ name: 'stitch', opts: { jobId: 'j1-stitch' } });
    expect(stitch?.children?.map((c) => [c.name, c.opts?.jobId])).toEqual([
      ['audio', 'j1-audio_aac'],
      ['chunk', 'j1-video_360p-c00000'],
      ['chunk', 'j1-video_360p-c00001'],
      ['chunk', 'j1-video_360p-c00002'],
    ]);
  });

  it('retries every task with exponential backoff and lets a task that runs out of attempts fail the job', () => {
    const stitch = flow.children?.[0];
    for (const job of [stitch, ...(stitch?.children ?? [])]) {
      expect(job?.opts).toMatchObject({ attempts: 4, backoff: { type: 'exponential', delay: 500 }, failParentOnFailure: true });
    }
    expect(flow.opts).toMatchObject({ attempts: 4 });
  });
});
