import type { LiveAudioHint, LiveVideoHint } from '@ott/core';
import type { Amf0Object, Amf0Value } from './amf0.js';

/** What an `onMetaData` object tells about the publisher's tracks. */
export interface MetadataHints {
  readonly video?: LiveVideoHint;
  readonly audio?: LiveAudioHint;
}

/** FLV CodecID values (FLV spec v10.1, E.4.3.1 and E.4.2.1) → ffmpeg codec names. */
const VIDEO_CODEC_IDS: Readonly<Record<number, string>> = { 2: 'flv1', 3: 'flashsv', 4: 'vp6f', 5: 'vp6a', 6: 'flashsv2', 7: 'h264', 12: 'hevc' };
const AUDIO_CODEC_IDS: Readonly<Record<number, string>> = { 0: 'pcm', 1: 'adpcm_swf', 2: 'mp3', 3: 'pcm_s16le', 10: 'aac', 11: 'speex', 14: 'mp3' };
/** Enhanced RTMP (Veovera, 2023) names codecs by FourCC, as a string or as the FourCC's 32-bit number. */
const FOURCC_CODECS: Readonly<Record<string, string>> = {
  avc1: 'h264',
  hvc1: 'hevc',
  av01: 'av1',
  vp09: 'vp9',
  vp08: 'vp8',
  mp4a: 'aac',
  Opus: 'opus',
  'ac-3': 'ac3',
  'ec-3': 'eac3',
  fLaC: 'flac',
  '.mp3': 'mp3',
};

/**
 * Reads codec, size, frame rate, sample rate and channels from an `onMetaData` object as ffmpeg and OBS send it
 * (`videocodecid`, `width`, `height`, `framerate`, `audiocodecid`, `audiosamplerate`, `stereo`/`audiochannels`).
 * Missing or odd fields are left out, never guessed.
 */
export function readMetadataHints(metadata: Amf0Object): MetadataHints {
  const videoCodec = codecName(metadata.videocodecid, VIDEO_CODEC_IDS);
  const width = positive(metadata.width);
  const height = positive(metadata.height);
  const frameRate = positive(metadata.framerate) ?? positive(metadata.videoframerate);
  const video: LiveVideoHint = {
    ...(videoCodec ? { codec: videoCodec } : {}),
    ...(width ? { width } : {}),
    ...(height ? { height } : {}),
    ...(frameRate ? { frameRate } : {}),
  };
  const audioCodec = codecName(metadata.audiocodecid, AUDIO_CODEC_IDS);
  const sampleRate = positive(metadata.audiosamplerate);
  const channels = positive(metadata.audiochannels) ?? (typeof metadata.stereo === 'boolean' ? (metadata.stereo ? 2 : 1) : undefined);
  const audio: LiveAudioHint = {
    ...(audioCodec ? { codec: audioCodec } : {}),
    ...(sampleRate ? { sampleRate } : {}),
    ...(channels ? { channels } : {}),
  };
  const hasVideo = Object.keys(video).length > 0 || metadata.hasVideo === true;
  const hasAudio = Object.keys(audio).length > 0 || metadata.hasAudio === true;
  return { ...(hasVideo ? { video } : {}), ...(hasAudio ? { audio } : {}) };
}

function codecName(value: Amf0Value, ids: Readonly<Record<number, string>>): string | undefined {
  if (typeof value === 'string') return FOURCC_CODECS[value] ?? (value.length > 0 ? value : undefined);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
  if (value <= 0xff) return ids[value];
  const fourcc = String.fromCharCode((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  return FOURCC_CODECS[fourcc];
}

function positive(value: Amf0Value): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
