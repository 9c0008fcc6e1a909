import type { Ladder } from '@ott/core';

/**
 * A common H.264 ladder: 1080p 5000k, 720p 2800k, 480p 1400k, 360p 800k, and AAC 128k stereo. Use it as is;
 * {@link resolveLadder} trims it to the source (no upscaling) and fits widths to the source aspect ratio.
 */
export const defaultLadder: Ladder = {
  video: [
    { kind: 'video', id: 'video_1080p', height: 1080, bitrate: 5_000_000, codec: 'h264' },
    { kind: 'video', id: 'video_720p', height: 720, bitrate: 2_800_000, codec: 'h264' },
    { kind: 'video', id: 'video_480p', height: 480, bitrate: 1_400_000, codec: 'h264' },
    { kind: 'video', id: 'video_360p', height: 360, bitrate: 800_000, codec: 'h264' },
  ],
  audio: [{ kind: 'audio', id: 'audio_aac', bitrate: 128_000, codec: 'aac', channels: 2 }],
};
