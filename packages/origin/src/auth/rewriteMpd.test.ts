import { describe, expect, it } from 'vitest';
import { rewriteMpd } from './rewriteMpd.js';

describe('rewriteMpd', () => {
  it('adds the query to SegmentTemplate media and initialization, escaping & for XML and keeping $ identifiers', () => {
    const mpd = '<SegmentTemplate timescale="15360" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg-$Number%05d$.m4s" startNumber="1">';
    expect(rewriteMpd(mpd, 'exp=1&prefix=%2Fnews%2F&sig=abc')).toBe(
      '<SegmentTemplate timescale="15360" initialization="$RepresentationID$/init.mp4?exp=1&amp;prefix=%2Fnews%2F&amp;sig=abc" media="$RepresentationID$/seg-$Number%05d$.m4s?exp=1&amp;prefix=%2Fnews%2F&amp;sig=abc" startNumber="1">',
    );
  });

  it('adds the query to SegmentURL, Initialization, a file BaseURL and Location, not to a folder BaseURL or other hosts', () => {
    const mpd = [
      '<Location>manifest.mpd</Location>',
      '<BaseURL>video/</BaseURL>',
      '<BaseURL>https://cdn.example.com/v.mp4</BaseURL>',
      '<BaseURL serviceLocation="a">v.mp4</BaseURL>',
      "<Initialization sourceURL='init.mp4'/>",
      '<SegmentURL media="seg-1.m4s?x=1" index="idx.sidx"/>',
      '<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-xsdate:2014" value="/.ott/time"/>',
    ].join('\n');
    expect(rewriteMpd(mpd, 'token=t').split('\n')).toEqual([
      '<Location>manifest.mpd?token=t</Location>',
      '<BaseURL>video/</BaseURL>',
      '<BaseURL>https://cdn.example.com/v.mp4</BaseURL>',
      '<BaseURL serviceLocation="a">v.mp4?token=t</BaseURL>',
      "<Initialization sourceURL='init.mp4?token=t'/>",
      '<SegmentURL media="seg-1.m4s?x=1&amp;token=t" index="idx.sidx?token=t"/>',
      '<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-xsdate:2014" value="/.ott/time"/>',
    ]);
  });
});
