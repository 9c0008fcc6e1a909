import { describe, expect, it } from 'vitest';
import { parseDash } from './parseDash.js';

/** One ott-vod-like Period: 2 s video segments (timescale 15360) and 2.005 s audio ones plus a 21 ms tail. */
const period = (id: string, start: number, count: number, head: string, videoId = 'video_180p', bandwidth = 200000): string => `
  <Period id="${id}" start="PT${start}S">${head}
    <AdaptationSet contentType="audio" mimeType="audio/mp4" lang="en">
      <Representation id="audio_aac" bandwidth="64000" codecs="mp4a.40.2" audioSamplingRate="48000">
        <SegmentTemplate timescale="48000" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline><S t="0" d="96256" r="${count - 1}"/><S d="1024"/></SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
    <AdaptationSet contentType="video" mimeType="video/mp4">
      <Representation id="${videoId}" bandwidth="${bandwidth}" codecs="avc1.42c00d" width="320" height="180">
        <SegmentTemplate timescale="15360" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline><S t="0" d="30720" r="${count - 1}"/></SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
  </Period>`;
const mpd = (...periods: string[]): string => `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT10S" minBufferTime="PT2S">${periods.join('')}
</MPD>`;
const URL_ = 'https://cdn.test/show/two.mpd';
const summary = (segments: readonly { url: string; start: number; timeline: number }[] | undefined): [string, number, number][] =>
  (segments ?? []).map((s) => [s.url.replace('https://cdn.test/show/', ''), Math.round(s.start * 1000) / 1000, s.timeline]);

describe('mergePeriods (through parseDash)', () => {
  it('makes one level and one audio track of Periods under their own BaseURL, dropping media past a Period end', () => {
    const p = parseDash(mpd(period('a', 0, 3, '<BaseURL>p1/</BaseURL>'), period('b', 6, 2, '<BaseURL>p2/</BaseURL>')), URL_);
    expect(p.levels).toHaveLength(1);
    expect(p.audioTracks).toHaveLength(1);
    expect(summary(p.levels[0]?.segments)).toEqual([
      ['p1/video_180p/seg-00001.m4s', 0, 0], ['p1/video_180p/seg-00002.m4s', 2, 0], ['p1/video_180p/seg-00003.m4s', 4, 0],
      ['p2/video_180p/seg-00001.m4s', 6, 6], ['p2/video_180p/seg-00002.m4s', 8, 6],
    ]);
    // Period one's 21 ms audio tail starts at 6.016 s, inside period two: dropped. Period two's is the last media.
    expect(summary(p.audioTracks[0]?.segments).map(([url, start]) => [url, start])).toEqual([
      ['p1/audio_aac/seg-00001.m4s', 0], ['p1/audio_aac/seg-00002.m4s', 2.005], ['p1/audio_aac/seg-00003.m4s', 4.011],
      ['p2/audio_aac/seg-00001.m4s', 6], ['p2/audio_aac/seg-00002.m4s', 8.005], ['p2/audio_aac/seg-00003.m4s', 10.011],
    ]);
    expect(p.levels[0]?.segments?.[3]?.init?.url).toBe('https://cdn.test/show/p2/video_180p/init.mp4');
  });

  it('continues a level with the Representation of the same bandwidth rank when a Period names its own ids', () => {
    const p = parseDash(mpd(period('a', 0, 3, '<BaseURL>p1/</BaseURL>'), period('ad', 6, 2, '<BaseURL>ad/</BaseURL>', 'ad_video', 150000)), URL_);
    expect(p.levels.map((l) => l.id)).toEqual(['video-video_180p']);
    expect(summary(p.levels[0]?.segments).slice(3).map(([url]) => url)).toEqual(['ad/ad_video/seg-00001.m4s', 'ad/ad_video/seg-00002.m4s']);
  });

  it('keeps the periods mpd-parser merged itself (one base URL) and trims them the same way', () => {
    const shared = (text: string, dir: string): string => text.replace(/(initialization|media)="/g, `$1="${dir}/`);
    const p = parseDash(mpd(shared(period('a', 0, 3, ''), 'p1'), shared(period('b', 6, 2, ''), 'p2')), URL_);
    expect(p.levels).toHaveLength(1);
    expect(summary(p.levels[0]?.segments).map(([url]) => url)).toContain('p2/video_180p/seg-00002.m4s');
    expect(summary(p.audioTracks[0]?.segments).map(([url]) => url)).not.toContain('p1/audio_aac/seg-00004.m4s');
  });
});
