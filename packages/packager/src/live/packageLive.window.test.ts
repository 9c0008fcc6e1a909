import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineItem, RemoveFile } from '@ott/core';
import { checkLowLatencyPlaylist } from '../hls/checkLowLatencyPlaylist.js';
import { fakeLiveStream, replayFolder, runPackager, versionsOf } from './liveFixtures.test-helper.js';
import { parseLivePlaylist } from '../hls/parseLivePlaylist.js';

const removed = (items: readonly PipelineItem[]): string[] => items.filter((i): i is RemoveFile => i.type === 'remove-file').map((i) => i.path);
const liveVersions = (items: readonly PipelineItem[], path: string): string[] => versionsOf(items, path).slice(0, -1);

describe('packageLive windows', () => {
  it('slides a window of `window` segments, numbering and discontinuity sequence following it', async () => {
    const items = await runPackager(fakeLiveStream({ video: ['video_720p'], audio: null, sessions: [{ seconds: 10 }, { seconds: 24 }] }), { window: 6 });
    const playlists = liveVersions(items, 'video_720p/playlist.m3u8').map(parseLivePlaylist);
    const last = playlists.at(-1);
    expect(last?.segments.filter((s) => s.uri !== undefined)).toHaveLength(6);
    expect(last?.mediaSequence).toBe(11);
    for (const p of playlists) {
      // Session 2 starts at segment 6: once it has left the window, the discontinuity sequence is 1.
      expect(p.discontinuitySequence).toBe(p.mediaSequence > 6 ? 1 : 0);
      expect(p.segments.filter((s) => s.uri !== undefined).length).toBeLessThanOrEqual(6);
    }
    for (const text of liveVersions(items, 'video_720p/playlist.m3u8')) expect(checkLowLatencyPlaylist(text, { renditionReports: 0 })).toEqual([]);
    // Files stay by default: the final playlist lists every segment from the first.
    expect(removed(items).filter((p) => !p.includes('.p'))).toEqual([]);
    expect(parseLivePlaylist(versionsOf(items, 'video_720p/playlist.m3u8').at(-1) ?? '').segments).toHaveLength(17);
    const mpd = versionsOf(items, 'manifest.mpd').at(-2) ?? '';
    expect(mpd).toContain('timeShiftBufferDepth="PT12S"');
    expect(mpd).toContain('startNumber="11"');
  });

  it('keeps dvrWindowSeconds of media, and everything with Infinity (an EVENT playlist, no timeShiftBufferDepth)', async () => {
    const stream = fakeLiveStream({ video: ['video_720p'], audio: null, sessions: [{ seconds: 30 }] });
    const dvr = await runPackager(stream, { dvrWindowSeconds: 10 });
    for (const p of liveVersions(dvr, 'video_720p/playlist.m3u8').map(parseLivePlaylist)) {
      const listed = p.segments.filter((s) => s.uri !== undefined).reduce((sum, s) => sum + (s.duration ?? 0), 0);
      if (p.mediaSequence > 1) expect(listed).toBeGreaterThanOrEqual(10);
      expect(listed).toBeLessThan(12 + 1e-9);
    }
    const event = await runPackager(stream, { dvrWindowSeconds: Infinity });
    const versions = liveVersions(event, 'video_720p/playlist.m3u8');
    expect(versions.every((t) => t.includes('#EXT-X-PLAYLIST-TYPE:EVENT') && t.includes('#EXT-X-MEDIA-SEQUENCE:1\n'))).toBe(true);
    expect(parseLivePlaylist(versions.at(-1) ?? '').segments.filter((s) => s.uri !== undefined)).toHaveLength(14);
    expect(versionsOf(event, 'manifest.mpd').at(-2)).not.toContain('timeShiftBufferDepth');
  });

  it('deletes segments that left the window once no playlist can name them, never a listed file', async () => {
    const items = await runPackager(fakeLiveStream({ sessions: [{ seconds: 40 }] }), { window: 5, deleteOutOfWindow: true });
    const gone = removed(items).filter((p) => !p.includes('.p'));
    expect(gone.length).toBeGreaterThan(0);
    const first = items.findIndex((i) => i.type === 'remove-file' && i.path === 'video_720p/seg-00001.m4s');
    // Segment 1 left the window when segment 6 completed; it goes a segment + a window later.
    const completedBefore = items.slice(0, first).filter((i) => i.type === 'media-segment' && i.renditionId === 'video_720p').length;
    expect(completedBefore).toBeGreaterThanOrEqual(6 + 6);
    const files = replayFolder(items, ({ files: now, manifest }) => {
      if (manifest.format !== 'hls' || manifest.role !== 'media') return;
      const p = parseLivePlaylist(manifest.data);
      for (const s of p.segments) {
        for (const uri of [s.uri, ...s.parts.map((part) => part.uri)]) {
          if (uri !== undefined) expect(now.has(posix.join(posix.dirname(manifest.path), uri)), uri).toBe(true);
        }
      }
    });
    // The final VOD playlist lists exactly the segment files left.
    const vod = parseLivePlaylist(versionsOf(items, 'video_720p/playlist.m3u8').at(-1) ?? '');
    const left = [...files.keys()].filter((p) => /^video_720p\/seg-\d+\.m4s$/.test(p)).sort();
    expect(vod.segments.map((s) => `video_720p/${s.uri ?? ''}`)).toEqual(left);
    expect(vod.mediaSequence).toBeGreaterThan(1);
  });

  it('removes part files once the playlists stop listing them, and the rest at the end, unless keepParts', async () => {
    const stream = fakeLiveStream({ video: ['video_720p'], audio: null, sessions: [{ seconds: 20 }] });
    const items = await runPackager(stream);
    const completeAt = items.findIndex((i) => i.type === 'manifest-file' && i.data.includes('#EXT-X-ENDLIST'));
    const during = removed(items.slice(0, completeAt));
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((p) => /\.p\d+\.m4s$/.test(p))).toBe(true);
    const files = replayFolder(items);
    expect([...files.keys()].filter((p) => p.includes('.p'))).toEqual([]);
    const kept = await runPackager(stream, { keepParts: true });
    expect(removed(kept)).toEqual([]);
  });
});
