import { describe, expect, it } from 'vitest';
import { audioTrack, renditionRecord, videoTrack } from '../manifest/fixtures.test-helper.js';
import { parseM3u8 } from './parseM3u8.test-helper.js';
import { writeMediaPlaylist } from './writeMediaPlaylist.js';

describe('writeMediaPlaylist', () => {
  const video = renditionRecord('video_720p', videoTrack(1280, 720), [61440, 61440, 30720], 100_000);

  it('writes a VOD fMP4 playlist that m3u8-parser reads back with the same durations and URIs', () => {
    const text = writeMediaPlaylist(video, { playlistPath: 'video_720p/playlist.m3u8' });
    const parsed = parseM3u8(text);
    expect(parsed.version).toBe(7);
    expect(parsed.targetDuration).toBe(4);
    expect(parsed.mediaSequence).toBe(1);
    expect(parsed.playlistType).toBe('VOD');
    expect(parsed.endList).toBe(true);
    expect(parsed.independentSegments).toBe(true);
    expect(parsed.segments.map((s) => s.uri)).toEqual(['seg-00001.m4s', 'seg-00002.m4s', 'seg-00003.m4s']);
    expect(parsed.segments.map((s) => s.duration)).toEqual([4, 4, 2]);
    expect(parsed.segments[0]?.map?.uri).toBe('init.mp4');
  });

  it('prints EXTINF with 3 decimals and rounds the target duration up from them', () => {
    // AAC at 48 kHz: 188 frames of 1024 = 4.010666… s.
    const audio = renditionRecord('audio_aac', audioTrack(), [188 * 1024, 187 * 1024], 20_000);
    const text = writeMediaPlaylist(audio, { playlistPath: 'audio_aac/playlist.m3u8' });
    expect(text).toContain('#EXTINF:4.011,\nseg-00001.m4s');
    expect(text).toContain('#EXTINF:3.989,');
    expect(text).toContain('#EXT-X-TARGETDURATION:5\n');
  });

  it('leaves out EXT-X-INDEPENDENT-SEGMENTS when a segment does not start with a keyframe', () => {
    const record = renditionRecord('v', videoTrack(640, 360), [61440, 61440], 1000);
    const [first, second] = record.segments;
    if (first === undefined || second === undefined) throw new Error('fixture');
    const text = writeMediaPlaylist({ ...record, segments: [first, { ...second, startsWithKeyframe: false }] }, { playlistPath: 'v/playlist.m3u8' });
    expect(text).not.toContain('INDEPENDENT');
  });

  it('repeats EXT-X-KEY before the first segment of each key period, and writes unchanged keys once', () => {
    const record = renditionRecord('v', videoTrack(640, 360), [61440, 61440, 61440], 1000);
    const keys = (uri: string) => ({ scheme: 'cenc' as const, defaultKid: '11'.repeat(16), systems: [], hlsKeys: [{ method: 'SAMPLE-AES-CTR' as const, uri, keyFormat: 'org.w3.clearkey' }] });
    const p1 = keys('data:text/plain;base64,k1');
    const segments = record.segments.map((s, i) => ({ ...s, protection: i < 2 ? p1 : keys('data:text/plain;base64,k2') }));
    const text = writeMediaPlaylist({ ...record, protection: keys('data:text/plain;base64,k1'), segments }, { playlistPath: 'v/playlist.m3u8' });
    const lines = text.split('\n');
    const tags = lines.filter((l) => l.startsWith('#EXT-X-KEY'));
    expect(tags).toEqual(['#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="data:text/plain;base64,k1",KEYFORMAT="org.w3.clearkey"', '#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="data:text/plain;base64,k2",KEYFORMAT="org.w3.clearkey"']);
    expect(lines[lines.indexOf(tags[1] ?? '') + 2]).toBe('seg-00003.m4s');
    expect(lines.indexOf(tags[0] ?? '')).toBe(lines.findIndex((l) => l.startsWith('#EXT-X-MAP')) + 1);
  });

  it('writes URIs relative to wherever the playlist is stored', () => {
    const text = writeMediaPlaylist(video, { playlistPath: 'playlists/video.m3u8' });
    expect(parseM3u8(text).segments[0]?.uri).toBe('../video_720p/seg-00001.m4s');
  });
});
