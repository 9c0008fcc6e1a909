import { describe, expect, it } from 'vitest';
import { parseDash } from './parseDash.js';

/** A low-latency dynamic MPD as `ott live --ll` writes it (one video Representation, the segment in progress listed). */
const MPD = `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="dynamic" availabilityStartTime="2026-01-01T00:00:00.000Z" publishTime="2026-01-01T00:00:07.000Z" minimumUpdatePeriod="PT2S" suggestedPresentationDelay="PT3S" maxSegmentDuration="PT2S" minBufferTime="PT1S">
  <ServiceDescription id="0">
    <Latency target="3000" min="2250" max="6000"/>
    <PlaybackRate min="0.96" max="1.04"/>
  </ServiceDescription>
  <Period id="1" start="PT0S">
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">
      <Representation id="video_360p" bandwidth="600000" codecs="avc1.42c01e" width="640" height="360" frameRate="25">
        <SegmentTemplate timescale="12800" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg-$Number%05d$.m4s" startNumber="1" availabilityTimeOffset="1.5" availabilityTimeComplete="false">
          <SegmentTimeline><S t="0" d="25600" r="3"/></SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
  </Period>
  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-xsdate:2014" value="/.ott/time"/>
</MPD>`;

describe('parseDash (dynamic, low latency)', () => {
  const p = parseDash(MPD, 'https://origin.test/cam/manifest.mpd', Date.parse('2026-01-01T00:00:07.500Z'));
  const segments = p.levels[0]?.segments ?? [];

  it('reads ServiceDescription latency and rates, UTCTiming and the refresh period', () => {
    expect(p).toMatchObject({ live: true, lowLatency: true, targetLatency: 3, maxLatency: 6, playbackRates: { min: 0.96, max: 1.04 }, refreshInterval: 2 });
    expect(p.utcTiming).toEqual({ scheme: 'urn:mpeg:dash:utc:http-xsdate:2014', value: 'https://origin.test/.ott/time' });
  });

  it('times availability as AST + segment end − availabilityTimeOffset and streams segments that may still grow', () => {
    expect(segments[3]).toMatchObject({ start: 6, availableAt: Date.parse('2026-01-01T00:00:06.500Z'), streaming: true });
  });

  it('predicts the next $Number$ segment after the last listed one, available early by the same offset', () => {
    expect(segments).toHaveLength(5);
    expect(segments[4]).toMatchObject({ url: 'https://origin.test/cam/video_360p/seg-00005.m4s', start: 8, predicted: true, availableAt: Date.parse('2026-01-01T00:00:08.500Z') });
  });

  it('does not predict or time segments once the MPD is static', () => {
    const vod = parseDash(MPD.replace('type="dynamic"', 'type="static" mediaPresentationDuration="PT8S"'), 'https://origin.test/cam/manifest.mpd');
    expect(vod.live).toBe(false);
    expect(vod.levels[0]?.segments?.map((s) => s.availableAt ?? s.predicted)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
