import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { concat, defer, lastValueFrom, of, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CmafFragment, LiveInput, LiveSession, PipelineItem } from '@ott/core';
import { runFfmpeg } from '../../../test/support/media.js';
import { parseLadderSpec } from './ladder/parseLadderSpec.js';
import { transcodeLive } from './transcodeLive.js';

let dir: string;
let ts: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ott-live-transcode-'));
  ts = path.join(dir, 'publisher.ts');
  // What an ingest hands over: 5 s of H.264 + AAC in MPEG-TS, as SRT/RTSP/file ingests remux it.
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '5', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-c:a', 'aac', '-f', 'mpegts', ts,
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function session(n: number): LiveInput {
  return { type: 'live-input', streamKey: 'cam', protocol: 'file', session: n, startedAt: Date.now(), format: 'mpegts', data: createReadStream(ts) };
}

const seconds = (f: CmafFragment, timescale: number): number => f.baseMediaDecodeTime / timescale;
const durationOf = (f: CmafFragment): number => f.samples.reduce((s, x) => s + x.duration, 0);

describe('transcodeLive', () => {
  it('lays two publisher sessions end to end on one timeline, with parts and keyframes on the segment grid', async () => {
    const inputs = concat(of(session(1)), defer(() => of(session(2))));
    const items: PipelineItem[] = await lastValueFrom(
      inputs.pipe(transcodeLive(parseLadderSpec('180p@200k,audio@64k'), { segmentSeconds: 2, partSeconds: 0.5, preset: 'ultrafast' }), toArray()),
    );
    const sessions = items.filter((i): i is LiveSession => i.type === 'live-session');
    expect(sessions.map((s) => [s.session, s.discontinuity])).toEqual([[1, false], [2, true]]);
    expect(sessions[1]?.mediaTimeSeconds).toBeGreaterThan(4.5);

    const inits = items.filter((i) => i.type === 'cmaf-init');
    expect(inits).toHaveLength(4); // two renditions, announced again by every session
    const timescale = new Map(inits.map((i) => [i.renditionId, i.track.timescale]));
    const video = items.filter((i): i is CmafFragment => i.type === 'cmaf-fragment' && i.renditionId === 'video_180p');
    const audio = items.filter((i): i is CmafFragment => i.type === 'cmaf-fragment' && i.renditionId === 'audio_aac');
    const vts = timescale.get('video_180p') ?? 0;

    // Parts: no video fragment longer than the part target.
    for (const f of video) expect(durationOf(f) / vts).toBeLessThanOrEqual(0.5 + 1e-9);
    // One timeline: decode times only go forward, and session 2 starts where session 1 ended.
    for (let i = 1; i < video.length; i += 1) {
      const prev = video[i - 1] as CmafFragment;
      expect((video[i] as CmafFragment).baseMediaDecodeTime).toBeGreaterThanOrEqual(prev.baseMediaDecodeTime + durationOf(prev));
    }
    const last = video.at(-1) as CmafFragment;
    expect(seconds(last, vts)).toBeGreaterThan(9);
    // Keyframes on the 2 s grid: every fragment that starts on a keyframe starts at a multiple of 2 s of its session.
    const keyStarts = video.filter((f) => f.samples[0]?.isSync).map((f) => seconds(f, vts));
    expect(keyStarts.length).toBeGreaterThanOrEqual(5);
    expect(audio.length).toBeGreaterThan(10);
  });

  it('passes events through at once and ends a session cut mid-stream with a warning, not an error', async () => {
    const truncated: LiveInput = { ...session(1), data: createReadStream(ts, { end: 40_000 }) };
    const items = await lastValueFrom(
      of<PipelineItem[]>({ type: 'publisher', action: 'connect', streamKey: 'cam', protocol: 'file', session: 1 }, truncated).pipe(
        transcodeLive(parseLadderSpec('180p@200k,audio@64k'), { segmentSeconds: 2, preset: 'ultrafast' }),
        toArray(),
      ),
    );
    expect(items[0]?.type).toBe('publisher');
    expect(items.some((i) => i.type === 'cmaf-fragment')).toBe(true);
  });
});
