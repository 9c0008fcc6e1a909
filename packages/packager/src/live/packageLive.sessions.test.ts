import { describe, expect, it } from 'vitest';
import type { InitSegment, PipelineItem, Segment } from '@ott/core';
import { checkLowLatencyPlaylist } from '../hls/checkLowLatencyPlaylist.js';
import { WALL_CLOCK, fakeLiveStream, runPackager, versionsOf } from './liveFixtures.test-helper.js';
import { parseLivePlaylist } from '../hls/parseLivePlaylist.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('packageLive across publisher sessions', () => {
  it('marks the first segment of session 2 with EXT-X-DISCONTINUITY and its own PROGRAM-DATE-TIME from the session wall clock', async () => {
    const items = await runPackager(fakeLiveStream({ sessions: [{ seconds: 9 }, { seconds: 7, gapSeconds: 3 }] }));
    const versions = versionsOf(items, 'video_720p/playlist.m3u8');
    const live = parseLivePlaylist(versions[versions.length - 2] ?? '');
    const [first] = live.segments;
    expect(first?.programDateTime).toBe(iso(WALL_CLOCK));
    const second = live.segments.find((s) => s.discontinuity);
    // Session 1 was 9 s of media; the publisher came back 3 s of wall clock later.
    expect(second?.msn).toBe(6);
    expect(second?.programDateTime).toBe(iso(WALL_CLOCK + 12_000));
    expect(live.segments.filter((s) => s.programDateTime !== undefined)).toHaveLength(2);
    for (const text of versions.slice(1, -1)) expect(checkLowLatencyPlaylist(text, { renditionReports: 1 })).toEqual([]);
    // The final VOD playlist keeps the discontinuity and both dates.
    const vod = parseLivePlaylist(versions[versions.length - 1] ?? '');
    expect(vod.segments.map((s) => s.discontinuity)).toEqual([false, false, false, false, false, true, false, false, false]);
    expect(vod.segments[5]?.programDateTime).toBe(iso(WALL_CLOCK + 12_000));
  });

  it('writes init-<n>.mp4 and a new EXT-X-MAP and DASH Period when the init bytes change', async () => {
    const items = await runPackager(fakeLiveStream({ sessions: [{ seconds: 6 }, { seconds: 6, entryVariant: 1 }, { seconds: 4, entryVariant: 1 }] }));
    const inits = items.filter((i): i is InitSegment => i.type === 'init-segment').map((i) => i.path);
    expect(inits).toEqual(['video_720p/init.mp4', 'audio_aac/init.mp4', 'video_720p/init-2.mp4', 'audio_aac/init-2.mp4']);
    const vod = versionsOf(items, 'video_720p/playlist.m3u8').at(-1) ?? '';
    expect(vod.match(/#EXT-X-MAP:URI="[^"]+"/g)).toEqual(['#EXT-X-MAP:URI="init.mp4"', '#EXT-X-MAP:URI="init-2.mp4"']);
    expect(vod).toContain('#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="init-2.mp4"\n#EXT-X-PROGRAM-DATE-TIME');
    const mpd = versionsOf(items, 'manifest.mpd').at(-1) ?? '';
    expect(mpd.match(/<Period [^>]+>/g)).toEqual(['<Period id="1" start="PT0S">', '<Period id="2" start="PT6S">']);
    expect(mpd).toContain('initialization="$RepresentationID$/init-2.mp4"');
    // Session 3 has the same init as session 2: a discontinuity, but no new init file and no new Period.
    expect(vod.match(/#EXT-X-DISCONTINUITY\n/g)).toHaveLength(2);
  });

  it('keeps one DASH Period and a continuous timeline when the publisher came straight back with the same init', async () => {
    const items = await runPackager(fakeLiveStream({ video: ['video_720p'], audio: null, sessions: [{ seconds: 6 }, { seconds: 6 }] }));
    for (const mpd of versionsOf(items, 'manifest.mpd')) {
      expect(mpd.match(/<Period /g)).toHaveLength(1);
      expect(mpd.match(/ t="/g)).toHaveLength(1);
    }
  });

  it('starts a new Period in the dynamic MPD when the wall clock ran ahead of the media, but not in the final static one', async () => {
    const items = await runPackager(fakeLiveStream({ sessions: [{ seconds: 6 }, { seconds: 6, gapSeconds: 20 }] }));
    const mpds = versionsOf(items, 'manifest.mpd');
    expect(mpds.at(-2)).toContain('<Period id="2" start="PT26S">');
    expect(mpds.at(-1)?.match(/<Period /g)).toHaveLength(1);
  });

  it('works without live-session items: one session from the first fragment, dated by the clock', async () => {
    const items = await runPackager(fakeLiveStream({ sessions: [{ seconds: 8 }] }).filter((i) => i.type !== 'live-session'));
    const versions = versionsOf(items, 'video_720p/playlist.m3u8');
    for (const text of versions.slice(1, -1)) expect(checkLowLatencyPlaylist(text, { renditionReports: 1 })).toEqual([]);
    expect(parseLivePlaylist(versions.at(-1) ?? '').segments[0]?.programDateTime).toBe(iso(WALL_CLOCK + 3_600_000));
  });

  it('keeps the segment numbers of all renditions aligned when one has a sliver of media past the last boundary', async () => {
    // Session 1: video ends exactly at 8 s, audio 20 ms later (one AAC frame into segment 5).
    const items = await runPackager(fakeLiveStream({ audioExtra: 0.03, sessions: [{ seconds: 8 }, { seconds: 6 }] }));
    const segments = items.filter((i): i is Segment => i.type === 'media-segment');
    const numbers = (id: string): number[] => segments.filter((s) => s.renditionId === id).map((s) => s.number);
    expect(numbers('audio_aac')).toEqual(numbers('video_720p'));
    const startOf = (id: string, n: number): number => {
      const s = segments.find((x) => x.renditionId === id && x.number === n);
      return s === undefined ? NaN : s.startTime / s.track.timescale;
    };
    expect(startOf('video_720p', 5)).toBeCloseTo(startOf('audio_aac', 5), 1);
  });

  it('closes the segment in progress as soon as the transcoder says the session ended, before the publisher returns', async () => {
    const stream = fakeLiveStream({ sessions: [{ seconds: 5 }] });
    const marker: PipelineItem = { type: 'warning', stage: 'transcode', code: 'PACKAGE_TIMELINE_GAP', message: 'the grace period runs' };
    const items = await runPackager([...stream, { type: 'live-session-end', streamKey: 'cam', session: 1 }, marker]);
    const at = items.indexOf(marker);
    const before = items.slice(0, at).filter((i): i is Segment => i.type === 'media-segment' && i.renditionId === 'video_720p');
    expect(before.map((s) => s.number)).toEqual([1, 2, 3]); // the 1 s tail is a segment now, not at the stream's end
    const playlist = versionsOf(items.slice(0, at), 'video_720p/playlist.m3u8').at(-1) ?? '';
    expect(playlist).toContain('seg-00003.m4s');
    expect(items.slice(at).filter((i) => i.type === 'media-segment')).toHaveLength(0);
  });
});
