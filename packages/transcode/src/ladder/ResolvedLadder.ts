import type { AudioCodecName, AudioRendition, CaptionChannel, VideoCodecName, VideoRendition } from '@ott/core';

/** A video rung with every value decided for one source. */
export interface ResolvedVideoRendition extends VideoRendition {
  readonly width: number;
  readonly codec: VideoCodecName;
  readonly maxBitrate: number;
  /** Output frame rate (the source's; 30 when the source does not say). */
  readonly frameRate: number;
  /**
   * CEA-608 caption channels this rung keeps from the source (x264 writes the decoder's cc_data back into the SEI of
   * each frame), `'none'` when the source has none or the codec cannot carry them; absent when unknown.
   */
  readonly closedCaptions?: readonly CaptionChannel[] | 'none';
}

/** An audio rendition with every value decided for one source. */
export interface ResolvedAudioRendition extends AudioRendition {
  readonly codec: AudioCodecName;
  readonly channels: number;
  readonly sampleRate: number;
}

/** A ladder fitted to one source by {@link resolveLadder}: what ffmpeg will actually encode. */
export interface ResolvedLadder {
  readonly video: readonly ResolvedVideoRendition[];
  readonly audio: readonly ResolvedAudioRendition[];
}
