import { describe, expect, it } from 'vitest';
import { WALL_CLOCK, videoTrack } from '../live/liveFixtures.test-helper.js';
import type { LiveInitRecord, LiveRenditionState, LiveSegmentRecord } from '../live/LiveRecords.js';
import { createPlaylistCache, writeLiveMediaPlaylist } from './writeLiveMediaPlaylist.js';
import type { LiveMediaPlaylistOptions } from './writeLiveMediaPlaylist.js';

const track = videoTrack({ timescale: 1000 });
const inits: LiveInitRecord[] = [
  { path: 'v/init.mp4', track, session: 1 },
  { path: 'v/init-2.mp4', track, session: 2 },
];

/** Segment n (2 s, 4 parts of 0.5 s); sessions of 5 segments, the second one with a new init. */
function segment(n: number, withParts: boolean): LiveSegmentRecord {
  const session = n <= 5 ? 1 : 2;
  return {
    number: n,
    path: `v/seg-${String(n).padStart(5, '0')}.m4s`,
    startTime: (n - 1) * 2000,
    presentationTime: (n - 1) * 2000,
    duration: 2000,
    byteLength: 1000,
    startsWithKeyframe: true,
    session,
    discontinuity: n === 6,
    init: inits[session - 1] as LiveInitRecord,
    programDateTime: WALL_CLOCK + (n - 1) * 2000,
    parts: withParts ? [0, 1, 2, 3].map((i) => ({ index: i, path: `v/seg-${String(n).padStart(5, '0')}.p${i}.m4s`, duration: 500, independent: i === 0 })) : [],
  };
}

const options: LiveMediaPlaylistOptions = { playlistPath: 'v/playlist.m3u8', targetDuration: 2, ll: true, partTarget: 0.5, kind: 'live' };

describe('writeLiveMediaPlaylist', () => {
  it('renders the same playlist with and without the cache of its head, as the window grows and slides', () => {
    const bare = Array.from({ length: 14 }, (_, i) => segment(i + 1, false));
    const full = Array.from({ length: 14 }, (_, i) => segment(i + 1, true));
    const cache = createPlaylistCache();
    for (let end = 1; end <= 14; end++) {
      const first = Math.max(0, end - 6);
      // The last two segments still list their parts, like a live window.
      const segments = [...bare.slice(first, Math.max(first, end - 2)), ...full.slice(Math.max(first, end - 2), end)];
      const state: LiveRenditionState = {
        renditionId: 'v',
        track,
        segments,
        open: undefined,
        next: { segmentNumber: end + 1, index: 0 },
        discontinuitySequence: first >= 6 ? 1 : 0,
        expectedOpenDuration: undefined,
      };
      expect(writeLiveMediaPlaylist(state, { ...options, cache })).toBe(writeLiveMediaPlaylist(state, options));
    }
  });

  it('writes the map, date and discontinuity tags where the segments need them', () => {
    const segments = [4, 5, 6, 7].map((n) => segment(n, n === 7));
    const text = writeLiveMediaPlaylist(
      { renditionId: 'v', track, segments, open: undefined, next: { segmentNumber: 8, index: 0 }, discontinuitySequence: 0, expectedOpenDuration: undefined },
      { ...options, reports: [{ playlistPath: 'a/playlist.m3u8', lastMsn: 7, lastPart: 3 }] },
    );
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:9',
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,HOLD-BACK=6,PART-HOLD-BACK=1.5',
        '#EXT-X-PART-INF:PART-TARGET=0.5',
        '#EXT-X-MEDIA-SEQUENCE:4',
        '#EXT-X-DISCONTINUITY-SEQUENCE:0',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MAP:URI="init.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2024-01-01T12:00:06.000Z',
        '#EXTINF:2,',
        'seg-00004.m4s',
        '#EXTINF:2,',
        'seg-00005.m4s',
        '#EXT-X-DISCONTINUITY',
        '#EXT-X-MAP:URI="init-2.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2024-01-01T12:00:10.000Z',
        '#EXTINF:2,',
        'seg-00006.m4s',
        '#EXT-X-PART:DURATION=0.5,URI="seg-00007.p0.m4s",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.5,URI="seg-00007.p1.m4s"',
        '#EXT-X-PART:DURATION=0.5,URI="seg-00007.p2.m4s"',
        '#EXT-X-PART:DURATION=0.5,URI="seg-00007.p3.m4s"',
        '#EXTINF:2,',
        'seg-00007.m4s',
        '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-00008.p0.m4s"',
        '#EXT-X-RENDITION-REPORT:URI="../a/playlist.m3u8",LAST-MSN=7,LAST-PART=3',
        '',
      ].join('\n'),
    );
  });
});
