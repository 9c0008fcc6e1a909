import { OttError } from '@ott/core';
import type { CmafInit, Fmp4InitItem, TrackInfo } from '@ott/core';
import type { ResolvedAudioRendition, ResolvedVideoRendition } from '../ladder/ResolvedLadder.js';

/**
 * The {@link CmafInit} of one rendition from the `moov` ffmpeg wrote for it. ffmpeg's fragmented MP4 carries no frame
 * rate and no nominal bitrate; they are filled in from the rendition so manifests can announce them.
 */
export function toCmafInit(init: Fmp4InitItem, rendition: ResolvedVideoRendition | ResolvedAudioRendition): CmafInit {
  const first = init.tracks[0];
  if (!first || init.tracks.length !== 1) {
    throw new OttError('FFMPEG_FAILED', `ffmpeg wrote ${init.tracks.length} tracks for rendition "${rendition.id}"; one was expected. Check extraArgs for extra -map options.`, {
      stage: 'transcode',
      details: { renditionId: rendition.id, tracks: init.tracks.length },
    });
  }
  const track: TrackInfo = {
    ...first.track,
    ...(first.track.bitrate === undefined ? { bitrate: rendition.bitrate } : {}),
    ...(rendition.kind === 'video' && first.track.frameRate === undefined ? { frameRate: rendition.frameRate } : {}),
    ...(rendition.kind === 'audio' && first.track.language === undefined && rendition.language ? { language: rendition.language } : {}),
  };
  return { type: 'cmaf-init', renditionId: rendition.id, track, sampleEntry: first.sampleEntry };
}
