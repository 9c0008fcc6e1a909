import { describe, expect, it } from 'vitest';
import { readBoxes } from '@ott/core';
import type { Part, Segment } from '@ott/core';
import { parseMpd } from '../dash/parseMpd.test-helper.js';
import { parseM3u8 } from '../hls/parseM3u8.test-helper.js';
import { concat, fakeLiveStream, replayFolder, runPackager, versionsOf } from './liveFixtures.test-helper.js';

const stream = fakeLiveStream({ video: ['video_720p', 'video_360p'], sessions: [{ seconds: 9 }, { seconds: 7, gapSeconds: 2 }] });

describe('packageLive at the end of the stream (live-to-VOD)', () => {
  it('ends with VOD media playlists that m3u8-parser reads back with every segment, and a multivariant playlist', async () => {
    const items = await runPackager(stream);
    const files = replayFolder(items);
    for (const id of ['video_720p', 'video_360p', 'audio_aac']) {
      const text = files.get(`${id}/playlist.m3u8`) as string;
      const parsed = parseM3u8(text);
      expect(parsed.endList).toBe(true);
      expect(parsed.playlistType).toBe('VOD');
      expect(parsed.mediaSequence).toBe(1);
      expect(parsed.segments.map((s) => s.uri)).toEqual(Array.from({ length: 9 }, (_, i) => `seg-${String(i + 1).padStart(5, '0')}.m4s`));
      expect(parsed.segments.reduce((sum, s) => sum + s.duration, 0)).toBeCloseTo(16, 1);
      expect(text).not.toMatch(/EXT-X-PART|PRELOAD-HINT|SERVER-CONTROL|RENDITION-REPORT/);
      for (const s of parsed.segments) expect(files.has(`${id}/${s.uri}`)).toBe(true);
    }
    const master = parseM3u8(files.get('master.m3u8') as string);
    expect(master.playlists?.map((p) => p.uri)).toEqual(['video_720p/playlist.m3u8', 'video_360p/playlist.m3u8']);
    expect(master.playlists?.[0]?.attributes.CODECS).toBe('avc1.64001f,mp4a.40.2');
  });

  it('ends with a static MPD that mpd-parser reads back with every segment of every representation', async () => {
    const items = await runPackager(stream);
    const mpd = versionsOf(items, 'manifest.mpd').at(-1) ?? '';
    expect(mpd).toContain('type="static"');
    expect(mpd).not.toMatch(/availabilityTimeOffset|minimumUpdatePeriod|UTCTiming/);
    const parsed = parseMpd(mpd);
    expect(parsed.duration).toBeCloseTo(16, 1);
    expect(parsed.playlists.map((p) => p.segments.length)).toEqual([9, 9]);
    expect(parsed.playlists[0]?.segments.at(-1)?.uri).toBe('video_720p/seg-00009.m4s');
    const audio = Object.values(parsed.mediaGroups.AUDIO.audio ?? {})[0]?.playlists[0];
    expect(audio?.segments).toHaveLength(9);
  });

  it('without low latency writes segments only: one styp + moof + mdat each, no part tags, EXT-X-VERSION 6', async () => {
    const items = await runPackager(stream, { ll: false });
    expect(items.some((i): i is Part => i.type === 'media-part')).toBe(false);
    for (const segment of items.filter((i): i is Segment => i.type === 'media-segment')) {
      expect(readBoxes(concat(segment.chunks), { readers: {} }).map((b) => b.type)).toEqual(['styp', 'moof', 'mdat']);
    }
    const versions = versionsOf(items, 'video_720p/playlist.m3u8');
    // Rewritten once per segment while live (segment 9 completes with the stream), then once as VOD.
    expect(versions).toHaveLength(8 + 1);
    for (const text of versions.slice(0, -1)) {
      expect(text).toContain('#EXT-X-VERSION:6');
      expect(text).not.toMatch(/EXT-X-PART|PRELOAD-HINT|SERVER-CONTROL|RENDITION-REPORT|ENDLIST/);
    }
    const mpd = versionsOf(items, 'manifest.mpd').at(-2) ?? '';
    expect(mpd).toContain('type="dynamic"');
    expect(mpd).not.toContain('availabilityTimeOffset');
  });
});
