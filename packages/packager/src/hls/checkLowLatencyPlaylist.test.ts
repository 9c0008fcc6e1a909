import { describe, expect, it } from 'vitest';
import { checkLowLatencyPlaylist } from './checkLowLatencyPlaylist.js';

// RFC 8216bis appendix-style LL-HLS playlist in the @ott layout: segments 4 and 5 complete, 6 in progress.
const VALID = `#EXTM3U
#EXT-X-VERSION:9
#EXT-X-TARGETDURATION:2
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,HOLD-BACK=6,PART-HOLD-BACK=1.5
#EXT-X-PART-INF:PART-TARGET=0.5
#EXT-X-MEDIA-SEQUENCE:4
#EXT-X-DISCONTINUITY-SEQUENCE:0
#EXT-X-MAP:URI="init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2024-01-01T12:00:06.000Z
#EXT-X-PART:DURATION=0.5,URI="seg-00004.p0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.5,URI="seg-00004.p1.m4s"
#EXT-X-PART:DURATION=0.5,URI="seg-00004.p2.m4s"
#EXT-X-PART:DURATION=0.5,URI="seg-00004.p3.m4s"
#EXTINF:2,
seg-00004.m4s
#EXT-X-PART:DURATION=0.5,URI="seg-00005.p0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.5,URI="seg-00005.p1.m4s"
#EXT-X-PART:DURATION=0.5,URI="seg-00005.p2.m4s"
#EXT-X-PART:DURATION=0.5,URI="seg-00005.p3.m4s"
#EXTINF:2,
seg-00005.m4s
#EXT-X-PART:DURATION=0.5,URI="seg-00006.p0.m4s",INDEPENDENT=YES
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-00006.p1.m4s"
#EXT-X-RENDITION-REPORT:URI="../audio/playlist.m3u8",LAST-MSN=6,LAST-PART=0
`;

const rules = (text: string, reports?: number): string[] =>
  checkLowLatencyPlaylist(text, reports === undefined ? {} : { renditionReports: reports }).map((p) => p.rule);

describe('checkLowLatencyPlaylist', () => {
  it('accepts a playlist that follows the low-latency rules', () => {
    expect(checkLowLatencyPlaylist(VALID, { renditionReports: 1 })).toEqual([]);
  });

  it('rejects a part longer than PART-TARGET and a non-final, dependent part below 85 % of it', () => {
    expect(rules(VALID.replace('DURATION=0.5,URI="seg-00005.p1.m4s"', 'DURATION=0.51,URI="seg-00005.p1.m4s"'))).toContain('part-duration');
    const short = VALID.replace('DURATION=0.5,URI="seg-00005.p1.m4s"', 'DURATION=0.4,URI="seg-00005.p1.m4s"').replace('#EXTINF:2,\nseg-00005', '#EXTINF:1.9,\nseg-00005');
    expect(rules(short)).toEqual(['part-min-duration']);
  });

  it('rejects hold-backs and skip boundaries below their minimums, and a missing blocking reload', () => {
    expect(rules(VALID.replace('PART-HOLD-BACK=1.5', 'PART-HOLD-BACK=1'))).toEqual(['part-hold-back']);
    expect(rules(VALID.replace('CAN-SKIP-UNTIL=12', 'CAN-SKIP-UNTIL=6'))).toEqual(['can-skip-until']);
    expect(rules(VALID.replace('HOLD-BACK=6,', 'HOLD-BACK=4,'))).toEqual(['hold-back']);
    expect(rules(VALID.replace('CAN-BLOCK-RELOAD=YES,', ''))).toEqual(['server-control']);
    expect(rules(VALID.replace('#EXT-X-PART-INF:PART-TARGET=0.5\n', ''))).toContain('part-inf');
  });

  it('rejects an EXTINF above the target duration once rounded, and parts that do not add up to it', () => {
    const long = VALID.replace('#EXTINF:2,\nseg-00005', '#EXTINF:2.6,\nseg-00005');
    expect(rules(long)).toEqual(['target-duration', 'part-sum']);
    expect(rules(VALID.replace('#EXTINF:2,\nseg-00005', '#EXTINF:2.4,\nseg-00005'))).toEqual(['part-sum']);
  });

  it('rejects a preload hint that is not the next part', () => {
    expect(rules(VALID.replace('seg-00006.p1.m4s"\n', 'seg-00006.p2.m4s"\n'))).toEqual(['preload-hint']);
    // Part 0 of the next segment is fine too: the last part may have ended the segment in progress.
    expect(rules(VALID.replace('seg-00006.p1.m4s"\n', 'seg-00007.p0.m4s"\n'))).toEqual([]);
    expect(rules(VALID.replace('seg-00006.p1.m4s"\n', 'seg-00006.p0.m4s"\n'))).toEqual(['preload-hint', 'preload-hint']);
    expect(rules(VALID.replace(/#EXT-X-PRELOAD-HINT.*\n/, ''))).toEqual(['preload-hint']);
    // After a complete segment with no part of the next one yet, the hint is part 0 of the next segment.
    const edge = VALID.replace('#EXT-X-PART:DURATION=0.5,URI="seg-00006.p0.m4s",INDEPENDENT=YES\n', '');
    expect(rules(edge.replace('seg-00006.p1.m4s', 'seg-00006.p0.m4s'))).toEqual([]);
  });

  it('rejects numbering that does not match the media sequence, and parts missing from a recent segment', () => {
    expect(rules(VALID.replace('MEDIA-SEQUENCE:4', 'MEDIA-SEQUENCE:3'))).toContain('numbering');
    expect(rules(VALID.replace('URI="seg-00005.p2.m4s"', 'URI="seg-00005.p3.m4s"'))).toEqual(['numbering']);
    expect(rules(VALID.replace(/#EXT-X-PART:[^\n]*seg-00005[^\n]*\n/g, ''))).toEqual(['part-gap']);
  });

  it('checks the rendition reports and the program date time after a discontinuity', () => {
    expect(rules(VALID, 2)).toEqual(['rendition-report']);
    expect(rules(VALID.replace(',LAST-PART=0', ''))).toEqual(['rendition-report']);
    expect(rules(VALID.replace('#EXTINF:2,\nseg-00004.m4s\n', '#EXTINF:2,\nseg-00004.m4s\n#EXT-X-DISCONTINUITY\n'))).toEqual(['program-date-time']);
  });
});
