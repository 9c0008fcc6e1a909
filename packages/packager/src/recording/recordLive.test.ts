import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { defaultReaders, readBoxes } from '@ott/core';
import type { Box, CmafInit } from '@ott/core';
import { fakeLiveStream, videoTrack } from '../live/liveFixtures.test-helper.js';
import { recordLive } from './recordLive.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'ott-record-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

const topLevel = (path: string): Box[] => readBoxes(readFileSync(path), { readers: {} });
const count = (boxes: Box[], type: string): number => boxes.filter((b) => b.type === type).length;

describe('recordLive', () => {
  it('passes every item through and appends the top video and the audio to one file, from the first keyframe', async () => {
    const items = fakeLiveStream({ video: ['video_720p', 'video_360p'], sessions: [{ seconds: 4 }, { seconds: 4 }] }).map((item) =>
      item.type === 'cmaf-init' && item.renditionId === 'video_360p' ? ({ ...item, track: videoTrack({ width: 640, height: 360 }) } satisfies CmafInit) : item,
    );
    const path = join(work, 'sub', 'recording.mp4');
    const out = await lastValueFrom(from(items).pipe(recordLive({ path }), toArray()));
    expect(out).toEqual(items);
    const boxes = topLevel(path);
    expect(boxes.slice(0, 2).map((b) => b.type)).toEqual(['ftyp', 'moov']);
    const video720 = items.filter((i) => i.type === 'cmaf-fragment' && i.renditionId === 'video_720p').length;
    const audio = items.filter((i) => i.type === 'cmaf-fragment' && i.renditionId === 'audio_aac').length;
    // The first audio fragment starts with the video; none is lost in between.
    expect(count(boxes, 'moof')).toBe(video720 + audio);
    // The fake sample entries are not parseable: only the containers are read.
    const moov = readBoxes(readFileSync(path), { readers: { moov: defaultReaders.moov! } }).find((b) => b.type === 'moov');
    const traks = moov !== undefined && 'children' in moov ? moov.children.filter((c) => c.type === 'trak') : [];
    expect(traks).toHaveLength(2);
  });

  it('starts a second file when a later session brings a different decoder set-up', async () => {
    const items = fakeLiveStream({ sessions: [{ seconds: 4 }, { seconds: 4, entryVariant: 1 }] });
    const path = join(work, 'recording.mp4');
    await lastValueFrom(from(items).pipe(recordLive({ path }), toArray()));
    expect(count(topLevel(path), 'moof')).toBeGreaterThan(10);
    expect(count(topLevel(join(work, 'recording-2.mp4')), 'moof')).toBeGreaterThan(10);
  });

  it('records audio alone when the stream has no video', async () => {
    const items = fakeLiveStream({ video: [], sessions: [{ seconds: 6 }] });
    const path = join(work, 'audio.mp4');
    await lastValueFrom(from(items).pipe(recordLive({ path }), toArray()));
    expect(existsSync(path)).toBe(true);
    expect(count(topLevel(path), 'moof')).toBeGreaterThan(5);
  });
});
