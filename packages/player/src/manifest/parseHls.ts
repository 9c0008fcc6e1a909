import { applyMediaPlaylist } from './applyMediaPlaylist.js';
import { parseM3u8 } from './parseM3u8.js';
import type { Presentation, Track } from './Presentation.js';
import { readHlsProtection } from './readHlsProtection.js';

/** Reads a multivariant playlist (or a lone media playlist, which becomes one level) into a {@link Presentation}. */
export function parseHls(text: string, url: string): Presentation {
  const manifest = parseM3u8(text, url);
  const protection = readHlsProtection(text, url);
  const presentation: Presentation = { format: 'hls', url, live: false, duration: 0, levels: [], audioTracks: [], textTracks: [], protection, refreshInterval: 0, clockOffsetMs: 0 };
  if (!manifest.playlists?.length) {
    const track: Track = { id: 'level-0', kind: 'muxed', bandwidth: 0, protection: [] };
    applyMediaPlaylist(track, presentation, text, url);
    presentation.levels.push(track);
    return presentation;
  }
  const audioGroups = manifest.mediaGroups?.AUDIO ?? {};
  manifest.playlists.forEach((playlist, i) => {
    const a = playlist.attributes;
    const group = a.AUDIO && audioGroups[a.AUDIO] && Object.values(audioGroups[a.AUDIO] ?? {}).some((r) => r.uri) ? a.AUDIO : undefined;
    const codecs = a.CODECS;
    const videoOnly = group !== undefined || (codecs !== undefined && !/mp4a|opus|ac-3|ec-3|flac/.test(codecs));
    presentation.levels.push({
      id: `level-${i}`,
      kind: videoOnly ? 'video' : 'muxed',
      bandwidth: a.BANDWIDTH ?? 0,
      playlistUrl: new URL(playlist.uri, url).href,
      protection: [],
      ...(codecs ? { codecs } : {}),
      ...(a.RESOLUTION ? { width: a.RESOLUTION.width, height: a.RESOLUTION.height } : {}),
      ...(a['FRAME-RATE'] ? { frameRate: a['FRAME-RATE'] } : {}),
      ...(group ? { audioGroup: group } : {}),
    });
  });
  for (const [groupId, renditions] of Object.entries(audioGroups)) {
    for (const [name, rendition] of Object.entries(renditions)) {
      if (!rendition.uri) continue;
      presentation.audioTracks.push({
        id: `audio-${groupId}-${name}`, kind: 'audio', bandwidth: 0, name, audioGroup: groupId, protection: [],
        playlistUrl: new URL(rendition.uri, url).href, ...(rendition.language ? { language: rendition.language } : {}),
      });
    }
  }
  for (const [groupId, renditions] of Object.entries(manifest.mediaGroups?.SUBTITLES ?? {})) {
    for (const [name, rendition] of Object.entries(renditions)) {
      if (!rendition.uri) continue;
      presentation.textTracks.push({ id: `text-${groupId}-${name}`, kind: 'text', bandwidth: 0, name, protection: [], playlistUrl: new URL(rendition.uri, url).href, ...(rendition.language ? { language: rendition.language } : {}) });
    }
  }
  presentation.levels.sort((x, y) => x.bandwidth - y.bandwidth);
  return presentation;
}
