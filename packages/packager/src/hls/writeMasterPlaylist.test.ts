import { describe, expect, it } from 'vitest';
import type { ProtectionInfo } from '@ott/core';
import { audioTrack, renditionRecord, videoTrack } from '../manifest/fixtures.test-helper.js';
import { parseM3u8 } from './parseM3u8.test-helper.js';
import { writeMasterPlaylist } from './writeMasterPlaylist.js';

const FOUR_S = 61440;
// 720p: 4 s segments of 1 MB, 500 KB, 1 MB -> peak 2 Mbit/s, average 2.5 MB*8/12 s.
const v720 = renditionRecord('video_720p', videoTrack(1280, 720), [FOUR_S, FOUR_S, FOUR_S], [1_000_000, 500_000, 1_000_000]);
const v360 = renditionRecord('video_360p', videoTrack(640, 360, { codec: 'avc1.4d401e', frameRate: 30000 / 1001 }), [FOUR_S, FOUR_S, FOUR_S], 200_000);
const aac = renditionRecord('audio_aac', audioTrack({ language: 'en' }), [192000, 192000, 192000], 64_000);
const entry = (rendition: typeof v720) => ({ rendition, playlistPath: `${rendition.renditionId}/playlist.m3u8` });

describe('writeMasterPlaylist', () => {
  it('lists one variant per video rung with peak and average bandwidth including the audio', () => {
    const parsed = parseM3u8(writeMasterPlaylist([v720, v360, aac].map(entry)));
    const [high, low] = parsed.playlists ?? [];
    expect(high?.uri).toBe('video_720p/playlist.m3u8');
    expect(high?.attributes.BANDWIDTH).toBe(2_000_000 + 128_000);
    expect(Number(high?.attributes['AVERAGE-BANDWIDTH'])).toBe(Math.ceil((2_500_000 * 8) / 12) + 128_000);
    expect(high?.attributes.CODECS).toBe('avc1.64001f,mp4a.40.2');
    expect(high?.attributes.RESOLUTION).toEqual({ width: 1280, height: 720 });
    expect(high?.attributes['FRAME-RATE']).toBe(30);
    expect(high?.attributes.AUDIO).toBe('audio');
    expect(low?.attributes.BANDWIDTH).toBe(400_000 + 128_000);
    expect(low?.attributes['FRAME-RATE']).toBeCloseTo(29.97, 3);
    expect(parsed.mediaGroups?.AUDIO?.audio?.en).toMatchObject({ uri: 'audio_aac/playlist.m3u8', default: true, language: 'en' });
  });

  it('writes EXT-X-MEDIA with channels and only one DEFAULT=YES per group', () => {
    const fr = renditionRecord('audio_fr', audioTrack({ language: 'fr' }), [192000], 64_000);
    const text = writeMasterPlaylist([v720, aac, fr].map(entry));
    expect(text).toContain('#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="en",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio_aac/playlist.m3u8"');
    expect(text).toContain('NAME="fr",LANGUAGE="fr",DEFAULT=NO');
  });

  it('puts audio renditions of different codecs in separate groups and crosses them with every rung', () => {
    const opus = renditionRecord('audio_opus', audioTrack({ codec: 'opus', sampleEntry: 'Opus' }), [192000], 30_000);
    const parsed = parseM3u8(writeMasterPlaylist([v720, aac, opus].map(entry)));
    expect(parsed.playlists?.map((p) => [p.attributes.AUDIO, p.attributes.CODECS])).toEqual([
      ['audio-1', 'avc1.64001f,mp4a.40.2'],
      ['audio-2', 'avc1.64001f,opus'],
    ]);
  });

  it('makes audio renditions the variants of an audio-only presentation', () => {
    const parsed = parseM3u8(writeMasterPlaylist([entry(aac)]));
    expect(parsed.playlists).toHaveLength(1);
    expect(parsed.playlists?.[0]?.attributes).toMatchObject({ BANDWIDTH: 128_000, CODECS: 'mp4a.40.2' });
    expect(parsed.playlists?.[0]?.attributes.AUDIO).toBeUndefined();
    expect(Object.keys(parsed.mediaGroups?.AUDIO ?? {})).toEqual([]);
  });

  it('writes no audio group for a video-only presentation', () => {
    const text = writeMasterPlaylist([entry(v720)]);
    expect(text).not.toContain('EXT-X-MEDIA');
    expect(text).not.toContain('AUDIO=');
    expect(text).toContain('CODECS="avc1.64001f"');
  });
});

describe('writeMasterPlaylist session keys', () => {
  it('repeats absolute key URIs as EXT-X-SESSION-KEY but not a key file beside each media playlist', () => {
    const protect = (hlsKeys: ProtectionInfo['hlsKeys']): ProtectionInfo => ({ scheme: 'cbcs', defaultKid: '00'.repeat(16), systems: [], hlsKeys });
    const fairPlay = { ...v720, protection: protect([{ method: 'SAMPLE-AES', uri: 'skd://key-1', keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1' }]) };
    const aes = { ...v360, protection: protect([{ method: 'AES-128', uri: 'key.bin', iv: '0x00000000000000000000000000000001' }]) };
    const text = writeMasterPlaylist([fairPlay, aes, aac].map(entry));
    expect(text).toContain('#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key-1",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"');
    expect(text).not.toContain('key.bin');
  });
});
