import { describe, expect, it } from 'vitest';
import { readAttributeList } from '@ott/core';
import { readPlaylistProgress } from './readPlaylistProgress.js';
import { readSkipDirective, renderDeltaPlaylist } from './renderDeltaPlaylist.js';

interface LiveOptions {
  readonly segments?: number;
  readonly serverControl?: string;
  readonly version?: number | undefined;
  readonly extra?: Readonly<Record<number, readonly string[]>>;
}

/** A live LL-HLS playlist like the packager writes: 2 s segments from msn 0, then two parts of the next one. */
function live({ segments = 10, serverControl = 'CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,PART-HOLD-BACK=1.5', version = 9, extra = {} }: LiveOptions = {}): string {
  const lines = ['#EXTM3U'];
  if (version !== undefined) lines.push(`#EXT-X-VERSION:${version}`);
  lines.push('#EXT-X-TARGETDURATION:2', `#EXT-X-SERVER-CONTROL:${serverControl}`, '#EXT-X-PART-INF:PART-TARGET=0.5', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-MAP:URI="init.mp4"');
  for (let msn = 0; msn < segments; msn++) {
    lines.push(...(extra[msn] ?? []), '#EXTINF:2.000,', `seg-${String(msn).padStart(5, '0')}.m4s`);
  }
  const next = String(segments).padStart(5, '0');
  lines.push(`#EXT-X-PART:DURATION=0.5,URI="seg-${next}.p0.m4s",INDEPENDENT=YES`, `#EXT-X-PART:DURATION=0.5,URI="seg-${next}.p1.m4s"`);
  lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-${next}.p2.m4s"`, '#EXT-X-RENDITION-REPORT:URI="../video_360p/playlist.m3u8",LAST-MSN=9,LAST-PART=1');
  return `${lines.join('\n')}\n`;
}

describe('renderDeltaPlaylist (RFC 8216bis §6.2.5.1)', () => {
  it('replaces the segments that end at least CAN-SKIP-UNTIL before the end by EXT-X-SKIP', () => {
    // 10 × 2 s + 1 s of parts = 21 s; the boundary is 12 s before the end, at 9 s: segments 0–3 (ending at 8 s) go.
    const delta = renderDeltaPlaylist(live(), 'YES') ?? '';
    expect(delta).toContain('#EXT-X-SKIP:SKIPPED-SEGMENTS=4\n');
    expect(delta).not.toMatch(/seg-0000[0-3]\.m4s/);
    for (let msn = 4; msn < 10; msn++) expect(delta).toContain(`seg-0000${msn}.m4s`);
    expect(delta).toContain('#EXT-X-MEDIA-SEQUENCE:0\n'); // still numbers the skipped segments
    expect(delta).toContain('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-00010.p2.m4s"');
    expect(delta).toContain('#EXT-X-RENDITION-REPORT');
    expect(delta.endsWith('\n')).toBe(true);
  });

  it('keeps at least the skip boundary of media, and the blocking-reload progress of the full playlist', () => {
    const full = live({ segments: 30 });
    const delta = renderDeltaPlaylist(full, 'YES') ?? '';
    const kept = delta.match(/^#EXTINF:([\d.]+)/gm) ?? [];
    expect(kept.length * 2 + 1).toBeGreaterThanOrEqual(12);
    // A client adds SKIPPED-SEGMENTS to the media sequence: the last segment number is unchanged.
    const skipped = Number(/SKIPPED-SEGMENTS=(\d+)/.exec(delta)?.[1]);
    expect(skipped + kept.length - 1).toBe(readPlaylistProgress(full).lastMsn);
    expect(readPlaylistProgress(delta).pendingParts).toBe(2);
  });

  it('puts the tags still in effect after EXT-X-SKIP and keeps EXT-X-DATERANGE for YES', () => {
    const full = live({
      extra: {
        0: ['#EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:00.000Z', '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://a",KEYFORMAT="com.apple.streamingkeydelivery"', '#EXT-X-BITRATE:800'],
        1: ['#EXT-X-DATERANGE:ID="ad-1",START-DATE="2026-11-21T10:00:02.000Z",DURATION=30'],
        2: ['#EXT-X-DISCONTINUITY', '#EXT-X-MAP:URI="init-2.mp4"'],
      },
    });
    const delta = renderDeltaPlaylist(full, 'YES') ?? '';
    const lines = delta.split('\n');
    const skipAt = lines.findIndex((line) => line.startsWith('#EXT-X-SKIP'));
    const after = lines.slice(skipAt + 1, lines.indexOf('#EXTINF:2.000,'));
    expect(after).toEqual([
      '#EXT-X-MAP:URI="init-2.mp4"',
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://a",KEYFORMAT="com.apple.streamingkeydelivery"',
      '#EXT-X-BITRATE:800',
      '#EXT-X-DATERANGE:ID="ad-1",START-DATE="2026-11-21T10:00:02.000Z",DURATION=30',
    ]);
    expect(delta).not.toContain('#EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:00.000Z');
    expect(delta).not.toContain('#EXT-X-DISCONTINUITY\n');
    expect(delta).not.toContain('URI="init.mp4"'); // replaced by the map in effect
  });

  it('carries the program date-time forward to the first kept segment, unless a discontinuity broke the mapping', () => {
    const dated = renderDeltaPlaylist(live({ extra: { 0: ['#EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:00.000Z'] } }), 'YES') ?? '';
    expect(dated).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:08.000Z\n#EXTINF:2.000,\nseg-00004.m4s');
    const broken = renderDeltaPlaylist(live({ extra: { 0: ['#EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:00.000Z'], 2: ['#EXT-X-DISCONTINUITY'] } }), 'YES') ?? '';
    expect(broken).not.toContain('#EXT-X-PROGRAM-DATE-TIME');
    const own = renderDeltaPlaylist(live({ extra: { 0: ['#EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:00.000Z'], 4: ['#EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:08.500Z'] } }), 'YES') ?? '';
    expect(own.match(/PROGRAM-DATE-TIME/g)).toHaveLength(1);
    expect(own).toContain('10:00:08.500Z');
  });

  it('drops old EXT-X-DATERANGE tags for v2 when the playlist allows it, and says so with version 10', () => {
    const extra = { 1: ['#EXT-X-DATERANGE:ID="ad-1",START-DATE="2026-11-21T10:00:02.000Z",DURATION=30'], 8: ['#EXT-X-DATERANGE:ID="ad-2",START-DATE="2026-11-21T10:00:16.000Z"'] };
    const allowed = renderDeltaPlaylist(live({ serverControl: 'CAN-SKIP-UNTIL=12,CAN-SKIP-DATERANGES=YES,CAN-BLOCK-RELOAD=YES', extra }), 'v2') ?? '';
    expect(allowed).toContain('#EXT-X-SKIP:SKIPPED-SEGMENTS=4,RECENTLY-REMOVED-DATERANGES=""\n');
    expect(allowed).not.toContain('ad-1');
    expect(allowed).toContain('ID="ad-2"'); // not in the skipped part
    expect(allowed).toContain('#EXT-X-VERSION:10\n');
    const notAllowed = renderDeltaPlaylist(live({ extra }), 'v2') ?? '';
    expect(notAllowed).toContain('#EXT-X-SKIP:SKIPPED-SEGMENTS=4\n');
    expect(notAllowed).toContain('ID="ad-1"');
  });

  it('raises or adds EXT-X-VERSION 9', () => {
    expect(renderDeltaPlaylist(live({ version: 6 }), 'YES')).toContain('#EXT-X-VERSION:9\n');
    expect(renderDeltaPlaylist(live({ version: undefined }), 'YES')).toMatch(/^#EXTM3U\n#EXT-X-VERSION:9\n/);
    expect(renderDeltaPlaylist(live({ version: 11 }), 'YES')).toContain('#EXT-X-VERSION:11\n');
  });

  it('gives undefined (serve the whole playlist) without CAN-SKIP-UNTIL, when ended, or with nothing to skip', () => {
    expect(renderDeltaPlaylist(live({ serverControl: 'CAN-BLOCK-RELOAD=YES' }), 'YES')).toBeUndefined();
    expect(renderDeltaPlaylist(`${live()}#EXT-X-ENDLIST\n`, 'YES')).toBeUndefined();
    expect(renderDeltaPlaylist(live({ segments: 5 }), 'YES')).toBeUndefined(); // 11 s of media: no segment ends 12 s before the end
    expect(renderDeltaPlaylist(renderDeltaPlaylist(live(), 'YES') ?? '', 'YES')).toBeUndefined();
  });

  it('reads only YES and v2 as skip directives', () => {
    expect(readSkipDirective(new URLSearchParams('_HLS_skip=YES'))).toBe('YES');
    expect(readSkipDirective(new URLSearchParams('_HLS_skip=v2'))).toBe('v2');
    expect(readSkipDirective(new URLSearchParams('_HLS_skip=yes'))).toBeUndefined();
    expect(readSkipDirective(new URLSearchParams('_HLS_msn=3'))).toBeUndefined();
  });
});

describe('readAttributeList', () => {
  it('reads quoted strings with commas and plain values', () => {
    const attributes = readAttributeList('DURATION=0.5,URI="seg,00005.p0.m4s",INDEPENDENT=YES');
    expect([...attributes]).toEqual([['DURATION', '0.5'], ['URI', 'seg,00005.p0.m4s'], ['INDEPENDENT', 'YES']]);
  });
});
