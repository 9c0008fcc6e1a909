import { describe, expect, it } from 'vitest';
import { isSatisfied, isTooFarAhead, readBlockingQuery } from './blockingReload.js';
import { readPlaylistProgress } from './readPlaylistProgress.js';

// Segments 10 and 11 complete (11 with 2 parts), 2 parts of segment 12 published.
const LIVE = `#EXTM3U
#EXT-X-VERSION:9
#EXT-X-TARGETDURATION:2
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5
#EXT-X-PART-INF:PART-TARGET=0.5
#EXT-X-MEDIA-SEQUENCE:10
#EXT-X-MAP:URI="init.mp4"
#EXTINF:2.0,
seg-00010.m4s
#EXT-X-PART:DURATION=0.5,URI="seg-00011.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.5,URI="seg-00011.1.m4s"
#EXTINF:1.0,
seg-00011.m4s
#EXT-X-PART:DURATION=0.5,URI="seg-00012.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.5,URI="seg-00012.1.m4s"
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-00012.2.m4s"
`;

describe('readPlaylistProgress', () => {
  it('reads media sequence, complete segments, parts per segment and parts in progress', () => {
    const progress = readPlaylistProgress(LIVE);
    expect(progress).toMatchObject({ lastMsn: 11, pendingParts: 2, targetDuration: 2, ended: false, isMedia: true });
    expect([...progress.partsOf]).toEqual([[10, 0], [11, 2]]);
  });

  it('tells a multivariant playlist and an ended playlist apart', () => {
    expect(readPlaylistProgress('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv/playlist.m3u8\n').isMedia).toBe(false);
    expect(readPlaylistProgress('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na.m4s\n#EXT-X-ENDLIST\n')).toMatchObject({ lastMsn: 0, ended: true });
  });

  it('puts lastMsn one before the media sequence when no segment is complete yet', () => {
    expect(readPlaylistProgress('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:5\n').lastMsn).toBe(4);
  });
});

describe('blocking reload decisions', () => {
  const progress = readPlaylistProgress(LIVE);

  it('is satisfied by a listed segment, a listed part, or anything later', () => {
    expect(isSatisfied(progress, { msn: 11, part: undefined })).toBe(true);
    expect(isSatisfied(progress, { msn: 11, part: 1 })).toBe(true);
    expect(isSatisfied(progress, { msn: 11, part: 5 })).toBe(true); // part 0 of 12 is later
    expect(isSatisfied(progress, { msn: 12, part: 1 })).toBe(true);
    expect(isSatisfied(progress, { msn: 10, part: 3 })).toBe(true); // segment 10 has no parts listed any more
  });

  it('waits for a segment or part not listed yet', () => {
    expect(isSatisfied(progress, { msn: 12, part: undefined })).toBe(false);
    expect(isSatisfied(progress, { msn: 12, part: 2 })).toBe(false);
    expect(isSatisfied(progress, { msn: 13, part: 0 })).toBe(false);
  });

  it('refuses requests past msn + 2 or past the advance part limit', () => {
    expect(isTooFarAhead(progress, { msn: 13, part: undefined })).toBe(false);
    expect(isTooFarAhead(progress, { msn: 14, part: undefined })).toBe(true);
    expect(isTooFarAhead(progress, { msn: 12, part: 4 })).toBe(false);
    expect(isTooFarAhead(progress, { msn: 12, part: 5 })).toBe(true);
  });

  it('reads _HLS_msn/_HLS_part and refuses a part without msn or non-integers', () => {
    expect(readBlockingQuery(new URLSearchParams('_HLS_msn=12&_HLS_part=2'))).toEqual({ kind: 'block', request: { msn: 12, part: 2 } });
    expect(readBlockingQuery(new URLSearchParams('_HLS_skip=YES')).kind).toBe('none');
    expect(readBlockingQuery(new URLSearchParams('_HLS_part=2')).kind).toBe('invalid');
    expect(readBlockingQuery(new URLSearchParams('_HLS_msn=-1')).kind).toBe('invalid');
    expect(readBlockingQuery(new URLSearchParams('_HLS_msn=1e3')).kind).toBe('invalid');
  });
});
