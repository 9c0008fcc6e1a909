import { describe, expect, it } from 'vitest';
import { rewriteHlsPlaylist } from './rewriteHlsPlaylist.js';

const Q = 'token=abc.def-_g';

describe('rewriteHlsPlaylist', () => {
  it('adds the query to media playlist URIs and EXT-X-MEDIA URIs of a multivariant playlist', () => {
    const master = [
      '#EXTM3U',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="a, b URI=x",DEFAULT=YES,URI="audio_aac/playlist.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=958379,CODECS="avc1.64001e,mp4a.40.2",AUDIO="audio"',
      'video_360p/playlist.m3u8',
      '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1000,URI="video_360p/iframes.m3u8"',
      '',
    ].join('\n');
    expect(rewriteHlsPlaylist(master, Q).split('\n')).toEqual([
      '#EXTM3U',
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="a, b URI=x",DEFAULT=YES,URI="audio_aac/playlist.m3u8?${Q}"`,
      '#EXT-X-STREAM-INF:BANDWIDTH=958379,CODECS="avc1.64001e,mp4a.40.2",AUDIO="audio"',
      `video_360p/playlist.m3u8?${Q}`,
      `#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1000,URI="video_360p/iframes.m3u8?${Q}"`,
      '',
    ]);
  });

  it('adds the query to segments, the map, parts, the preload hint and rendition reports of an LL-HLS playlist', () => {
    const media = [
      '#EXTM3U',
      '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5,CAN-SKIP-UNTIL=12',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXTINF:2.0,',
      'seg-00001.m4s',
      '#EXT-X-PART:DURATION=0.5,URI="seg-00002.p0.m4s",INDEPENDENT=YES',
      '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-00002.p1.m4s"',
      '#EXT-X-RENDITION-REPORT:URI="../audio/playlist.m3u8",LAST-MSN=2,LAST-PART=0',
    ].join('\r\n');
    const out = rewriteHlsPlaylist(media, Q).split('\r\n');
    expect(out[1]).toBe('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5,CAN-SKIP-UNTIL=12');
    expect(out[2]).toBe(`#EXT-X-MAP:URI="init.mp4?${Q}"`);
    expect(out[4]).toBe(`seg-00001.m4s?${Q}`);
    expect(out[5]).toBe(`#EXT-X-PART:DURATION=0.5,URI="seg-00002.p0.m4s?${Q}",INDEPENDENT=YES`);
    expect(out[6]).toBe(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-00002.p1.m4s?${Q}"`);
    expect(out[7]).toBe(`#EXT-X-RENDITION-REPORT:URI="../audio/playlist.m3u8?${Q}",LAST-MSN=2,LAST-PART=0`);
  });

  it('joins an existing query with & and never sends the token to another host or scheme', () => {
    const media = [
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key-1",KEYFORMAT="com.apple.streamingkeydelivery"',
      '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k1"',
      '#EXT-X-SESSION-KEY:METHOD=AES-128,URI="keys/k1.key"',
      'seg-1.m4s?v=2',
      '//cdn.example.com/seg-2.m4s',
      'https://cdn.example.com/seg-3.m4s',
      '# a comment with URI="x"',
    ].join('\n');
    expect(rewriteHlsPlaylist(media, Q).split('\n')).toEqual([
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key-1",KEYFORMAT="com.apple.streamingkeydelivery"',
      '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k1"',
      `#EXT-X-SESSION-KEY:METHOD=AES-128,URI="keys/k1.key?${Q}"`,
      `seg-1.m4s?v=2&${Q}`,
      '//cdn.example.com/seg-2.m4s',
      'https://cdn.example.com/seg-3.m4s',
      '# a comment with URI="x"',
    ]);
  });
});
