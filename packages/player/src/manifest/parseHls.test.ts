import { describe, expect, it } from 'vitest';
import { parseHls } from './parseHls.js';

describe('parseHls', () => {
  it('reads byte ranges, EXT-X-MAP, discontinuities and AES-128 keys of a lone media playlist', () => {
    const text = [
      '#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:4', '#EXT-X-MAP:URI="main.mp4",BYTERANGE="800@0"',
      '#EXT-X-KEY:METHOD=AES-128,URI="key.bin",IV=0x000102030405060708090a0b0c0d0e0f',
      '#EXTINF:4,', '#EXT-X-BYTERANGE:1000@800', 'main.mp4', '#EXT-X-DISCONTINUITY', '#EXTINF:2,', '#EXT-X-BYTERANGE:500', 'main.mp4', '#EXT-X-ENDLIST',
    ].join('\n');
    const p = parseHls(text, 'https://cdn.test/v/index.m3u8');
    const [first, second] = p.levels[0]?.segments ?? [];
    expect(p.live).toBe(false);
    expect(p.duration).toBe(6);
    expect(first).toMatchObject({ url: 'https://cdn.test/v/main.mp4', start: 0, byteRange: { offset: 800, length: 1000 }, init: { byteRange: { offset: 0, length: 800 } } });
    expect(first?.aes128?.url).toBe('https://cdn.test/v/key.bin');
    expect([...(first?.aes128?.iv ?? [])].slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(second).toMatchObject({ start: 4, byteRange: { offset: 1800, length: 500 } });
    expect(second?.timeline).not.toBe(first?.timeline);
  });

  it('reads variants lowest bandwidth first, their audio group and SAMPLE-AES session keys', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AAAA",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed",KEYID=0xABBA271E8BCF552BBD2E86A434A9A5D9',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",LANGUAGE="en",DEFAULT=YES,URI="a/en.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=640x360,AUDIO="aud"', 'v360.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=300000,CODECS="avc1.64000d,mp4a.40.2",RESOLUTION=320x180,AUDIO="aud"', 'v180.m3u8',
    ].join('\n');
    const p = parseHls(text, 'https://cdn.test/master.m3u8');
    expect(p.levels.map((l) => [l.bandwidth, l.height, l.kind, l.audioGroup])).toEqual([[300000, 180, 'video', 'aud'], [900000, 360, 'video', 'aud']]);
    expect(p.audioTracks[0]).toMatchObject({ language: 'en', playlistUrl: 'https://cdn.test/a/en.m3u8' });
    expect(p.protection[0]).toMatchObject({ keySystem: 'com.widevine.alpha', kid: 'abba271e8bcf552bbd2e86a434a9a5d9' });
  });
});
