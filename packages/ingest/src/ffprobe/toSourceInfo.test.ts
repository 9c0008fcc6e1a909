import { describe, expect, it } from 'vitest';
import { toSourceInfo } from './toSourceInfo.js';

describe('toSourceInfo', () => {
  it('falls back to r_frame_rate when avg_frame_rate is 0/0', () => {
    const info = toSourceInfo('x.ts', {
      format: { format_name: 'mpegts', duration: '10.0' },
      streams: [{ index: 1, codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '0/0', r_frame_rate: '25/1' }],
    });
    expect(info.video?.frameRate).toBe(25);
    expect(info.video?.index).toBe(1);
    expect(info.durationSeconds).toBe(10);
  });

  it('treats a missing or 0:1 sample aspect ratio as square pixels', () => {
    const info = toSourceInfo('x.mp4', {
      format: { format_name: 'mp4' },
      streams: [{ codec_type: 'video', width: 1440, height: 1080, sample_aspect_ratio: '0:1', avg_frame_rate: '30/1' }],
    });
    expect(info.video?.displayAspectRatio).toBeCloseTo(4 / 3, 9);
  });

  it('ignores cover art so an MP3 with a picture is audio-only', () => {
    const info = toSourceInfo('song.mp3', {
      format: { format_name: 'mp3', duration: '3.5' },
      streams: [
        { index: 0, codec_type: 'audio', codec_name: 'mp3', sample_rate: '44100', channels: 2, tags: { language: 'eng' } },
        { index: 1, codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, disposition: { attached_pic: 1 } },
      ],
    });
    expect(info.video).toBeUndefined();
    expect(info.audio).toMatchObject({ index: 0, sampleRate: 44100, channels: 2, language: 'en' }); // RFC 5646, as manifests need
  });

  it('lists every audio stream (the default one first as `audio`) and the text subtitle streams, not bitmap ones', () => {
    const info = toSourceInfo('film.mkv', {
      format: { format_name: 'matroska,webm', duration: '60' },
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '25/1' },
        { index: 1, codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2, tags: { language: 'fre', title: 'Français' } },
        { index: 2, codec_type: 'audio', codec_name: 'ac3', sample_rate: '48000', channels: 6, tags: { language: 'eng' }, disposition: { default: 1 } },
        { index: 3, codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2, tags: { language: 'eng' }, disposition: { visual_impaired: 1 } },
        { index: 4, codec_type: 'subtitle', codec_name: 'subrip', tags: { language: 'ger' }, disposition: { forced: 1 } },
        { index: 5, codec_type: 'subtitle', codec_name: 'hdmv_pgs_subtitle', tags: { language: 'eng' } },
      ],
    });
    expect(info.audio).toMatchObject({ index: 2, language: 'en', default: true });
    expect(info.audioStreams?.map((a) => [a.index, a.language, a.title, a.role])).toEqual([[1, 'fr', 'Français', undefined], [2, 'en', undefined, undefined], [3, 'en', undefined, 'description']]);
    expect(info.textStreams).toEqual([{ index: 4, codec: 'subrip', language: 'de', forced: true }]);
  });

  it('takes the longest stream duration when the container has none', () => {
    const info = toSourceInfo('x.mkv', {
      format: { format_name: 'matroska,webm' },
      streams: [{ codec_type: 'audio', codec_name: 'opus', sample_rate: '48000', channels: 2, duration: '4.2' }],
    });
    expect(info.durationSeconds).toBe(4.2);
  });
});
