import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBox, findPath, readBoxes } from '@ott/core';
import type { Part, PipelineItem, Segment } from '@ott/core';
import { readPlaylistProgress } from '@ott/origin';
import { checkLowLatencyPlaylist } from '../hls/checkLowLatencyPlaylist.js';
import { concat, fakeLiveStream, replayFolder, runPackager, versionsOf } from './liveFixtures.test-helper.js';
import { parseLivePlaylist } from '../hls/parseLivePlaylist.js';

const renditions = ['video_720p', 'video_360p', 'audio_aac'];
const stream = fakeLiveStream({ video: ['video_720p', 'video_360p'], sessions: [{ seconds: 13 }] });

/** URIs a media playlist makes clients fetch (EXT-X-PRELOAD-HINT excluded: it may name a part not yet written). */
function listedFiles(path: string, text: string): string[] {
  const p = parseLivePlaylist(text);
  const base = posix.dirname(path);
  const uris = p.segments.flatMap((s) => [...(s.uri === undefined ? [] : [s.uri]), ...s.parts.map((part) => part.uri), ...(s.map === undefined ? [] : [s.map])]);
  return uris.map((uri) => posix.join(base, uri));
}

describe('packageLive (low latency)', () => {
  it('writes media playlists that pass the RFC 8216bis low-latency checks and list only stored files, at every step', async () => {
    const items = await runPackager(stream);
    let checked = 0;
    const written = new Set<string>();
    replayFolder(items, ({ files, manifest }) => {
      if (manifest.role !== 'media') return;
      const last = items.filter((i) => i.type === 'manifest-file' && i.path === manifest.path).at(-1);
      if (last === manifest) return; // the final playlist is VOD
      // Every other rendition whose playlist is already out is reported (the very first ones: those before it).
      const others = [...written].filter((path) => path !== manifest.path).length;
      written.add(manifest.path);
      expect(checkLowLatencyPlaylist(manifest.data, { renditionReports: others }), manifest.data).toEqual([]);
      for (const file of listedFiles(manifest.path, manifest.data)) expect(files.has(file), `${file} listed by ${manifest.path}`).toBe(true);
      checked++;
    });
    // One rewrite per part: 13 s of 0.5 s parts for three renditions.
    expect(checked).toBeGreaterThan(60);
  });

  it('announces the parts and segments the origin waits for with blocking reload', async () => {
    const items = await runPackager(stream);
    for (const text of versionsOf(items, 'video_720p/playlist.m3u8').slice(0, -1)) {
      const progress = readPlaylistProgress(text);
      const parsed = parseLivePlaylist(text);
      const complete = parsed.segments.filter((s) => s.uri !== undefined);
      expect(progress.lastMsn).toBe(complete.at(-1)?.msn ?? parsed.mediaSequence - 1);
      const open = parsed.segments.find((s) => s.uri === undefined);
      expect(progress.pendingParts).toBe(open?.parts.length ?? 0);
      expect(progress.ended).toBe(false);
    }
  });

  it('makes every segment the byte-exact concatenation of its parts, each one moof + mdat with its own tfdt', async () => {
    const items = await runPackager(stream);
    const parts = items.filter((i): i is Part => i.type === 'media-part');
    const segments = items.filter((i): i is Segment => i.type === 'media-segment');
    expect(segments.length).toBe(3 * 7);
    for (const segment of segments) {
      const own = parts.filter((p) => p.renditionId === segment.renditionId && p.segmentNumber === segment.number);
      expect(own.map((p) => p.index)).toEqual(own.map((_, i) => i));
      expect(Buffer.from(concat(segment.chunks)).equals(Buffer.from(concat(own.flatMap((p) => p.chunks))))).toBe(true);
      expect(own.reduce((sum, p) => sum + p.duration, 0)).toBe(segment.duration);
      for (const part of own) {
        const boxes = readBoxes(concat(part.chunks));
        expect(boxes.map((b) => b.type)).toEqual(['moof', 'mdat']);
        expect(findPath(findBox(boxes, 'moof'), 'traf', 'tfdt')).toMatchObject({ baseMediaDecodeTime: part.startTime });
        expect(part.duration / part.track.timescale).toBeLessThanOrEqual(0.5);
      }
      expect(own[0]?.independent).toBe(segment.startsWithKeyframe);
    }
  });

  it('splits a fragment longer than the part target into parts of at most PART-TARGET', async () => {
    // 1 s video fragments (30 frames), 1.07 s audio fragments.
    const items = await runPackager(fakeLiveStream({ sessions: [{ seconds: 6 }], videoFrames: 30, audioFrames: 50 }));
    const parts = items.filter((i): i is Part => i.type === 'media-part');
    expect(parts.every((p) => p.duration <= 0.5 * p.track.timescale)).toBe(true);
    expect(parts.filter((p) => p.renditionId === 'video_720p').map((p) => p.duration / 512)).toEqual(Array(12).fill(15));
    for (const text of versionsOf(items, 'audio_aac/playlist.m3u8').slice(0, -1)) expect(checkLowLatencyPlaylist(text, { renditionReports: 1 })).toEqual([]);
  });

  it('writes the files of a step before the playlists that list them and the media playlists before the first master', async () => {
    const items = await runPackager(stream);
    const kinds = items.map((i: PipelineItem) => (i.type === 'manifest-file' ? `${i.role}:${i.path}` : i.type));
    const firstMaster = kinds.indexOf('master:master.m3u8');
    const before = kinds.slice(0, firstMaster);
    for (const id of renditions) expect(before).toContain(`media:${id}/playlist.m3u8`);
    expect(kinds.indexOf('master:manifest.mpd')).toBeGreaterThan(firstMaster);
    // The master appears once the first segment of every rendition exists.
    const segmentsBefore = items.slice(0, firstMaster).filter((i): i is Segment => i.type === 'media-segment');
    expect(new Set(segmentsBefore.map((s) => s.renditionId))).toEqual(new Set(renditions));
  });

  it('reports only playlists already written, at a part they already list', async () => {
    const items = await runPackager(stream);
    let reports = 0;
    replayFolder(items, ({ files, manifest }) => {
      if (manifest.role !== 'media') return;
      for (const report of parseLivePlaylist(manifest.data).renditionReports) {
        const path = posix.join(posix.dirname(manifest.path), report.URI ?? '');
        const other = files.get(path);
        expect(typeof other, `${path} reported by ${manifest.path} before it was written`).toBe('string');
        const listed = parseLivePlaylist(other as string).segments.flatMap((s) => s.parts.map((_, part) => ({ msn: s.msn, part })));
        const msn = Number(report['LAST-MSN']);
        const part = Number(report['LAST-PART']);
        expect(listed.some((p) => p.msn === msn && p.part === part), `${path} does not list part ${msn}.${part} yet`).toBe(true);
        reports++;
      }
    });
    expect(reports).toBeGreaterThan(100);
  });

  it('reports the other renditions and hints the next part', async () => {
    const items = await runPackager(stream);
    const texts = versionsOf(items, 'video_360p/playlist.m3u8');
    const text = texts[Math.floor(texts.length / 2)] ?? '';
    expect(text).toContain('#EXT-X-VERSION:9');
    expect(text).toContain('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,HOLD-BACK=6,PART-HOLD-BACK=1.5');
    expect(text).toContain('#EXT-X-PART-INF:PART-TARGET=0.5');
    expect(text).toMatch(/#EXT-X-RENDITION-REPORT:URI="\.\.\/video_720p\/playlist\.m3u8",LAST-MSN=\d+,LAST-PART=\d+/);
    expect(text).toMatch(/#EXT-X-RENDITION-REPORT:URI="\.\.\/audio_aac\/playlist\.m3u8",LAST-MSN=\d+,LAST-PART=\d+/);
    expect(text).toMatch(/#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-\d{5}\.p\d+\.m4s"/);
  });
});
