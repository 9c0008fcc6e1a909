import { describe, expect, it } from 'vitest';
import { applyMediaPlaylist } from './applyMediaPlaylist.js';
import type { Presentation, Track } from './Presentation.js';

const URL_ = 'https://origin.test/cam/video/playlist.m3u8';
const presentation = (): Presentation => ({ format: 'hls', url: URL_, live: false, duration: 0, levels: [], audioTracks: [], textTracks: [], protection: [], refreshInterval: 0, clockOffsetMs: 0 });
const track = (): Track => ({ id: 'level-0', kind: 'video', bandwidth: 1, protection: [], playlistUrl: URL_ });

/** An LL-HLS playlist as `ott live --ll` writes it: two complete segments, one in progress with a preload hint. */
const LL = [
  '#EXTM3U', '#EXT-X-VERSION:9', '#EXT-X-TARGETDURATION:2',
  '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,HOLD-BACK=6,PART-HOLD-BACK=1.5',
  '#EXT-X-PART-INF:PART-TARGET=0.5', '#EXT-X-MEDIA-SEQUENCE:7', '#EXT-X-MAP:URI="init.mp4"',
  '#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z',
  '#EXTINF:2,', 'seg-00007.m4s',
  '#EXT-X-PART:DURATION=0.48,URI="seg-00008.p0.m4s",INDEPENDENT=YES', '#EXT-X-PART:DURATION=0.48,URI="seg-00008.p1.m4s"',
  '#EXT-X-PART:DURATION=0.48,URI="seg-00008.p2.m4s"', '#EXT-X-PART:DURATION=0.48,URI="seg-00008.p3.m4s"',
  '#EXT-X-PART:DURATION=0.08,URI="seg-00008.p4.m4s"', '#EXTINF:2,', 'seg-00008.m4s',
  '#EXT-X-PART:DURATION=0.48,URI="seg-00009.p0.m4s",INDEPENDENT=YES',
  '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-00009.p1.m4s"',
].join('\n');

describe('applyMediaPlaylist (live)', () => {
  it('reads LL-HLS parts, the segment in progress with its preload hint, and the next blocking reload', () => {
    const p = presentation();
    const t = track();
    expect(applyMediaPlaylist(t, p, LL, URL_)).toBe(true);
    const [first, second, partial] = t.segments ?? [];
    expect(first).toMatchObject({ number: 7, start: 0, pdt: Date.parse('2026-01-01T00:00:00.000Z') });
    expect(second?.parts?.map((part) => part.url.split('/').pop())).toEqual(['seg-00008.p0.m4s', 'seg-00008.p1.m4s', 'seg-00008.p2.m4s', 'seg-00008.p3.m4s', 'seg-00008.p4.m4s']);
    expect(partial).toMatchObject({ number: 9, start: 4, partial: true });
    expect(partial?.parts?.map((part) => [part.url.split('/').pop(), part.hint === true, part.start])).toEqual([['seg-00009.p0.m4s', false, 4], ['seg-00009.p1.m4s', true, 4.48]]);
    expect(t).toMatchObject({ canBlockReload: true, canSkipUntil: 12, nextMsn: 9, nextPart: 1, endList: false });
    expect(p).toMatchObject({ live: true, lowLatency: true, holdBack: 1.5, targetLatency: 1.5, refreshInterval: 0.5, duration: Infinity });
  });

  it('keeps known segments across a delta update (EXT-X-SKIP) and refuses one that does not line up', () => {
    const p = presentation();
    const t = track();
    applyMediaPlaylist(t, p, LL, URL_);
    const delta = LL.replace('#EXT-X-MAP:URI="init.mp4"', '#EXT-X-SKIP:SKIPPED-SEGMENTS=1\n#EXT-X-MAP:URI="init.mp4"')
      .replace('#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n#EXTINF:2,\nseg-00007.m4s\n', '#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:02.000Z\n');
    expect(applyMediaPlaylist(t, p, delta, URL_)).toBe(true);
    expect(t.segments?.map((s) => [s.number, s.start])).toEqual([[7, 0], [8, 2], [9, 4]]);
    expect(applyMediaPlaylist(track(), p, delta, URL_)).toBe(false);
  });

  it('marks the track ended on EXT-X-ENDLIST without turning a live presentation into VOD by itself', () => {
    const p = presentation();
    const t = track();
    applyMediaPlaylist(t, p, LL, URL_);
    const final = LL.split('\n').filter((line) => !/PART|PRELOAD|seg-00009/.test(line)).concat('#EXT-X-ENDLIST').join('\n');
    applyMediaPlaylist(t, p, final, URL_);
    expect(t.endList).toBe(true);
    expect(p.live).toBe(true); // the session ends the presentation once every playlist it plays has ended
    expect(t.segments?.at(-1)?.number).toBe(8);
  });

  it('lines a first load up with a same-kind track by media sequence', () => {
    const p = presentation();
    const a = track();
    const b: Track = { ...track(), id: 'level-1' };
    p.levels.push(a, b);
    applyMediaPlaylist(a, p, LL, URL_);
    const later = LL.replace('#EXT-X-MEDIA-SEQUENCE:7', '#EXT-X-MEDIA-SEQUENCE:8').replace('#EXTINF:2,\nseg-00007.m4s\n', '');
    applyMediaPlaylist(b, p, later, URL_);
    expect(b.segments?.[0]).toMatchObject({ number: 8, start: 2 });
  });
});

describe('applyMediaPlaylist (AES-128)', () => {
  it('reads EXT-X-KEY METHOD=AES-128 for segments, and for the init segment when the key comes before EXT-X-MAP', () => {
    const t = track();
    applyMediaPlaylist(t, presentation(), [
      '#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:1', '#EXT-X-PLAYLIST-TYPE:VOD',
      '#EXT-X-KEY:METHOD=AES-128,URI="init.key",IV=0x000102030405060708090a0b0c0d0e0f', '#EXT-X-MAP:URI="init.mp4"',
      '#EXT-X-KEY:METHOD=AES-128,URI="key.bin"', '#EXTINF:2,', 'seg-00001.m4s', '#EXTINF:2,', 'seg-00002.m4s', '#EXT-X-ENDLIST',
    ].join('\n'), URL_);
    const [first, second] = t.segments ?? [];
    expect(first?.init?.aes128).toEqual({ url: 'https://origin.test/cam/video/init.key', iv: Uint8Array.from({ length: 16 }, (_, i) => i) });
    expect(first?.aes128).toEqual({ url: 'https://origin.test/cam/video/key.bin' });
    expect(second).toMatchObject({ number: 2, aes128: { url: 'https://origin.test/cam/video/key.bin' } });
  });

  it('leaves the init segment clear when EXT-X-KEY follows EXT-X-MAP (what ott package writes)', () => {
    const t = track();
    applyMediaPlaylist(t, presentation(), ['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-MAP:URI="init.mp4"', '#EXT-X-KEY:METHOD=AES-128,URI="key.bin"', '#EXTINF:2,', 'seg-00001.m4s', '#EXT-X-ENDLIST'].join('\n'), URL_);
    expect(t.segments?.[0]?.init).toEqual({ url: 'https://origin.test/cam/video/init.mp4' });
    expect(t.segments?.[0]?.aes128).toBeDefined();
  });
});
