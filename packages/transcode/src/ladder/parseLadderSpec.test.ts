import { describe, expect, it } from 'vitest';
import { parseLadderSpec } from './parseLadderSpec.js';

describe('parseLadderSpec', () => {
  it('parses heights, bitrates, default bitrates and audio', () => {
    expect(parseLadderSpec('1080p@5000k,720p@2800k,480p,audio@128k')).toEqual({
      video: [
        { kind: 'video', id: 'video_1080p', height: 1080, bitrate: 5_000_000, codec: 'h264' },
        { kind: 'video', id: 'video_720p', height: 720, bitrate: 2_800_000, codec: 'h264' },
        { kind: 'video', id: 'video_480p', height: 480, bitrate: 1_400_000, codec: 'h264' },
      ],
      audio: [{ kind: 'audio', id: 'audio_aac', bitrate: 128_000, codec: 'aac' }],
    });
  });

  it('reads codec suffixes, M units, explicit widths and codec default audio rates', () => {
    const ladder = parseLadderSpec(' 720p@2.5M:h265 , 1280x720@3000000:vp9, audio:opus ');
    expect(ladder.video).toEqual([
      { kind: 'video', id: 'video_720p_h265', height: 720, bitrate: 2_500_000, codec: 'h265' },
      { kind: 'video', id: 'video_720p_vp9', height: 720, width: 1280, bitrate: 3_000_000, codec: 'vp9' },
    ]);
    expect(ladder.audio).toEqual([{ kind: 'audio', id: 'audio_opus', bitrate: 96_000, codec: 'opus' }]);
  });

  it('gives colliding renditions distinct ids', () => {
    expect(parseLadderSpec('audio@128k,audio@64k').audio.map((a) => a.id)).toEqual(['audio_aac_128k', 'audio_aac_64k']);
  });

  it.each([
    ['', /empty/],
    ['720x@3k', /not understood/],
    ['720p@fast', /bitrate "fast"/],
    ['720p:mpeg2', /unknown codec "mpeg2"/],
    ['audio:mp3', /use one of aac, opus/],
    ['721p', /even/],
    ['720p,720p', /appears twice/],
  ])('rejects %j with a message that shows the expected form', (spec, message) => {
    expect(() => parseLadderSpec(spec)).toThrow(expect.objectContaining({ code: 'INVALID_LADDER', message: expect.stringMatching(message) }));
  });
});
