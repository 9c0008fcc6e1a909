import type { InitInfo } from '../mp4/readInit.js';

/**
 * The SourceBuffer MIME type for an init segment, with codecs read from the sample entries rather than the
 * manifest (manifests omit or get CODECS wrong, ffmpeg's lone media playlists have none). `audio` keeps only audio
 * tracks; `video` keeps video and, for muxed segments, audio too.
 */
export function mimeOf(info: InitInfo, kind: 'video' | 'audio', fallbackCodecs?: string): string {
  const tracks = info.tracks.filter((t) => (kind === 'audio' ? t.kind === 'audio' : t.kind !== 'other'));
  const codecs = tracks.map((t) => t.codec).filter((c) => c && c !== 'unknown');
  const hasVideo = tracks.some((t) => t.kind === 'video');
  const list = codecs.length > 0 ? codecs.join(',') : fallbackCodecs ?? '';
  return `${hasVideo || (kind === 'video' && tracks.length === 0) ? 'video' : 'audio'}/mp4; codecs="${list}"`;
}
