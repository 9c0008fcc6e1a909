import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fmp4Demuxer } from '@ott/core';
import type { CmafFragment, SourceInfo } from '@ott/core';
import { planVod } from './planVod.js';
import { runEncodeTask } from './runEncodeTask.js';
import { stitchChunks } from './stitchChunks.js';
import { folderStorage } from './storage/folderStorage.js';
import type { EncodeTask, StitchTask, VodPlan } from './VodPlan.js';

let dir: string;
let plan: VodPlan;
let video: EncodeTask[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ott-stitch-'));
  const url = join(dir, 'in.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25', '-t', '12', '-c:v', 'libx264', '-preset', 'ultrafast', url]);
  const source: SourceInfo = { type: 'source', url, formatName: 'mp4', durationSeconds: 12, video: { index: 0, codec: 'h264', width: 160, height: 90, frameRate: 25, displayAspectRatio: 16 / 9 } };
  plan = planVod({ source, output: join(dir, 'out'), ladder: { video: [{ kind: 'video', id: 'v', height: 90, bitrate: 100_000 }], audio: [] }, segmentDuration: 2, chunkDuration: 4 }, 's1');
  video = plan.encodes.filter((t) => t.kind === 'chunk');
  // The three chunks, and the whole range as one piece for comparison; run two at a time.
  const whole: EncodeTask = { ...(video[0] as EncodeTask), taskId: 's1-whole', key: 'v/whole.mp4' };
  const { duration: _d, ...wholeRange } = whole;
  await Promise.all([runEncodeTask(video[0] as EncodeTask), runEncodeTask(video[1] as EncodeTask)]);
  await Promise.all([runEncodeTask(video[2] as EncodeTask), runEncodeTask(wholeRange)]);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));
const workPath = (): string => (plan.stitch.work.kind === 'folder' ? plan.stitch.work.path : '');

const stitch = (task: StitchTask = plan.stitch) => lastValueFrom(stitchChunks(task, folderStorage(workPath())).pipe(toArray()));

function samplesOf(fragments: readonly CmafFragment[]): [number, number, boolean][] {
  return fragments.flatMap((f) => {
    let t = f.baseMediaDecodeTime;
    return f.samples.map((s): [number, number, boolean] => {
      const row: [number, number, boolean] = [t, s.duration, s.isSync];
      t += s.duration;
      return row;
    });
  });
}

describe('stitchChunks', () => {
  it('joins the chunks into one init and fragments whose decode times run on without a gap or an overlap', async () => {
    const items = await stitch();
    expect(items.filter((i) => i.type === 'cmaf-init')).toHaveLength(1);
    expect(items.filter((i) => i.type === 'warning')).toEqual([]);
    const fragments = items.filter((i): i is CmafFragment => i.type === 'cmaf-fragment');
    for (let i = 1; i < fragments.length; i++) {
      const before = fragments[i - 1] as CmafFragment;
      expect(fragments[i]?.baseMediaDecodeTime).toBe(before.baseMediaDecodeTime + before.samples.reduce((sum, s) => sum + s.duration, 0));
    }
    expect(samplesOf(fragments)).toHaveLength(300);
  });

  it('gives the sample timing of the same range encoded in one piece', async () => {
    const fragments = (await stitch()).filter((i): i is CmafFragment => i.type === 'cmaf-fragment');
    const demuxer = new Fmp4Demuxer();
    const bytes = await folderStorage(workPath()).read('v/whole.mp4');
    const whole = demuxer.push(bytes).flatMap((item) => (item.type === 'fragment' ? [{ ...item, type: 'cmaf-fragment' as const, renditionId: 'v' }] : []));
    expect(samplesOf(fragments)).toEqual(samplesOf(whole));
  });

  it('warns when a chunk does not start where its nominal start says (variable frame rate), and still joins it end to end', async () => {
    const items = await stitch({ ...plan.stitch, chunkStarts: [0, 5, 8] });
    const warnings = items.filter((i) => i.type === 'warning');
    expect(warnings).toEqual([expect.objectContaining({ code: 'QUEUE_CHUNK_DRIFT', message: expect.stringMatching(/chunk 1 starts -1\.000 s/) })]);
    expect(samplesOf(items.filter((i): i is CmafFragment => i.type === 'cmaf-fragment'))).toHaveLength(300);
  });

  it('fails naming the piece when a chunk was encoded with another decoder configuration', async () => {
    const odd: EncodeTask = { ...(video[1] as EncodeTask), taskId: 's1-odd', key: 'v/odd.mp4', settings: { ...(video[1] as EncodeTask).settings, extraArgs: { video: ['-profile:v', 'baseline'] } } };
    await runEncodeTask(odd);
    const [first, , third] = plan.stitch.renditions[0]?.keys ?? [];
    const task: StitchTask = { ...plan.stitch, renditions: [{ rendition: plan.stitch.renditions[0]?.rendition ?? video[0]!.rendition, keys: [first ?? '', 'v/odd.mp4', third ?? ''] }] };
    await expect(stitch(task)).rejects.toMatchObject({ code: 'QUEUE_JOB_FAILED', details: { key: 'v/odd.mp4' } });
  });

  it('keeps a stored output instead of encoding it again (an idempotent redo)', async () => {
    await expect(runEncodeTask(video[0] as EncodeTask)).resolves.toMatchObject({ skipped: true });
  });
});
