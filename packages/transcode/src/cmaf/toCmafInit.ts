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
    ...(rendition.kind === 'video' && rendition.closedCaptions !== undefined ? { closedCaptions: rendition.closedCaptions } : {}),
    ...(rendition.kind === 'audio' ? audioSignalling(rendition, first.track) : {}),
  };
  return { type: 'cmaf-init', renditionId: rendition.id, track, sampleEntry: first.sampleEntry };
}

/** Language (the rendition's wins: the `mdhd` box only holds ISO 639-2), name, role and default of an audio rendition. */
function audioSignalling(rendition: ResolvedAudioRendition, track: TrackInfo): Partial<TrackInfo> {
  const language = rendition.language ?? track.language;
  return {
    ...(language !== undefined ? { language } : {}),
    ...(rendition.name !== undefined ? { label: rendition.name } : {}),
    ...(rendition.role !== undefined ? { role: rendition.role } : {}),
    ...(rendition.default !== undefined ? { isDefault: rendition.default } : {}),
  };
}
