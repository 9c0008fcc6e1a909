import type { AudioCodecName } from '@ott/core';

// Typical H.264 rates for 30 fps content (Apple HLS authoring spec ballpark); other heights scale with height^1.5.
const VIDEO_KBPS: Readonly<Record<number, number>> = { 2160: 16000, 1440: 9000, 1080: 5000, 720: 2800, 540: 2000, 480: 1400, 360: 800, 240: 400, 144: 200 };

/** Default video bitrate (bits/s) for a rung height. */
export function defaultVideoBitrate(height: number): number {
  const known = VIDEO_KBPS[height];
  if (known !== undefined) return known * 1000;
  return Math.max(100, Math.round((5000 * Math.pow(height / 1080, 1.5)) / 10) * 10) * 1000;
}

/** Default audio bitrate (bits/s) for a codec: AAC-LC 128k, Opus 96k (stereo). */
export function defaultAudioBitrate(codec: AudioCodecName): number {
  return codec === 'opus' ? 96_000 : 128_000;
}
