import { describe, expect, it } from 'vitest';
import { audioTrack, renditionRecord, videoTrack } from '../manifest/fixtures.test-helper.js';
import { parseMpd } from './parseMpd.test-helper.js';
import { writeMpd } from './writeMpd.js';

const FOUR_S = 61440;
const v720 = renditionRecord('video_720p', videoTrack(1280, 720), [FOUR_S, FOUR_S, FOUR_S / 2], [1_000_000, 500_000, 100_000]);
const v360 = renditionRecord('video_360p', videoTrack(640, 360, { timescale: 90000 }), [360000, 360000, 180000], 200_000);
const aac = renditionRecord('audio_aac', audioTrack({ language: 'en' }), [188 * 1024, 187 * 1024, 94 * 1024], 64_000);

describe('writeMpd', () => {
  const mpd = writeMpd([v720, v360, aac]);

  it('writes a static live-profile MPD that mpd-parser reads back with the same segments', () => {
    const parsed = parseMpd(mpd);
    expect(parsed.duration).toBe(10.005); // the longest rendition: audio, 469 AAC frames
    const ids = parsed.playlists.map((p) => p.attributes.NAME);
    expect(ids).toEqual(['video_720p', 'video_360p']);
    const high = parsed.playlists[0];
    expect(high?.attributes.CODECS).toBe('avc1.64001f');
    expect(high?.attributes.RESOLUTION).toEqual({ width: 1280, height: 720 });
    expect(high?.segments.map((s) => s.uri)).toEqual(['video_720p/seg-00001.m4s', 'video_720p/seg-00002.m4s', 'video_720p/seg-00003.m4s']);
    expect(high?.segments.map((s) => s.duration)).toEqual([4, 4, 2]);
    expect(high?.segments[0]?.map.uri).toBe('video_720p/init.mp4');
    expect(parsed.playlists[1]?.segments.map((s) => s.presentationTime)).toEqual([0, 4, 8]);
    const audio = parsed.mediaGroups.AUDIO.audio?.en?.playlists[0];
    expect(audio?.segments.map((s) => s.uri)).toEqual(['audio_aac/seg-00001.m4s', 'audio_aac/seg-00002.m4s', 'audio_aac/seg-00003.m4s']);
    expect(audio?.segments[0]?.duration).toBeCloseTo(4.010667, 5);
  });

  it('announces the peak segment bit rate as bandwidth', () => {
    // 720p: target 4 s, runs between 2 and 6 s: seg1 alone 2 Mbit/s is the largest.
    expect(parseMpd(mpd).playlists[0]?.attributes.BANDWIDTH).toBe(2_000_000);
    expect(mpd).toContain('<Representation id="video_720p" bandwidth="2000000" codecs="avc1.64001f" width="1280" height="720" frameRate="30" sar="1:1">');
  });

  it('writes the MPD and AdaptationSet attributes players and validators look for', () => {
    expect(mpd).toContain('profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT10.005S"');
    expect(mpd).toContain('minBufferTime="PT2S"');
    expect(mpd).toContain('contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1280" maxHeight="720" maxFrameRate="30" par="16:9"');
    expect(mpd).toContain('contentType="audio" mimeType="audio/mp4" lang="en"');
    expect(mpd).toContain('<AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>');
    expect(mpd).toContain('audioSamplingRate="48000"');
    expect(mpd).toContain('<SegmentTemplate timescale="90000" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg-$Number%05d$.m4s" startNumber="1">');
  });

  it('run-length compresses the SegmentTimeline', () => {
    expect(mpd).toContain('<S t="0" d="61440" r="1"/>\n            <S d="30720"/>');
  });

  it('does not claim segment alignment when the rungs were cut at different times', () => {
    const odd = renditionRecord('video_540p', videoTrack(960, 540), [FOUR_S + 512, FOUR_S - 512, FOUR_S / 2], 1000);
    expect(writeMpd([v720, odd])).not.toContain('segmentAlignment');
  });

  it('keeps A/V sync with one presentationTimeOffset when the media does not start at zero', () => {
    const video = renditionRecord('v', videoTrack(640, 360), [FOUR_S], 1000, 15360 * 10);
    const audio = renditionRecord('a', audioTrack(), [192000], 1000, 48000 * 10);
    const text = writeMpd([video, audio]);
    expect(text).toContain('timescale="15360" presentationTimeOffset="153600"');
    expect(text).toContain('timescale="48000" presentationTimeOffset="480000"');
    expect(text).toContain('<S t="153600" d="61440"/>');
    expect(parseMpd(text).duration).toBe(4);
  });

  it('writes NTSC frame rates as a fraction', () => {
    const ntsc = renditionRecord('v', videoTrack(640, 360, { frameRate: 30000 / 1001 }), [FOUR_S], 1000);
    expect(writeMpd([ntsc])).toContain('frameRate="30000/1001"');
  });

  it('escapes XML special characters in attribute values', () => {
    const odd = renditionRecord('a&b', audioTrack({ language: 'x"y' }), [192000], 1000);
    const text = writeMpd([odd]);
    expect(text).toContain('id="a&amp;b"');
    expect(text).toContain('lang="x&quot;y"');
    expect(parseMpd(text).mediaGroups.AUDIO.audio).toBeDefined();
  });
});
