import { describe, expect, it } from 'vitest';
import { readMetadataHints } from './readMetadataHints.js';

describe('readMetadataHints', () => {
  it('reads the onMetaData fields ffmpeg writes', () => {
    const hints = readMetadataHints({ duration: 0, width: 320, height: 180, videodatarate: 0, framerate: 25, videocodecid: 7, audiodatarate: 125, audiosamplerate: 48000, audiosamplesize: 16, stereo: false, audiocodecid: 10, encoder: 'Lavf59', filesize: 0 });
    expect(hints).toEqual({ video: { codec: 'h264', width: 320, height: 180, frameRate: 25 }, audio: { codec: 'aac', sampleRate: 48000, channels: 1 } });
  });

  it('reads Enhanced RTMP FourCC codec ids, as strings or numbers', () => {
    expect(readMetadataHints({ videocodecid: 'hvc1', audiocodecid: 'Opus', audiochannels: 2 })).toEqual({ video: { codec: 'hevc' }, audio: { codec: 'opus', channels: 2 } });
    expect(readMetadataHints({ videocodecid: 0x61763031 }).video).toEqual({ codec: 'av1' });
  });

  it('leaves out what is missing or nonsensical instead of guessing', () => {
    expect(readMetadataHints({})).toEqual({});
    expect(readMetadataHints({ width: -1, height: 'x', framerate: Number.NaN, videocodecid: 99 })).toEqual({});
    expect(readMetadataHints({ hasAudio: true })).toEqual({ audio: {} });
  });
});
