import type { TrackInfo } from '@ott/core';

const AUDIO_NAMES: Readonly<Record<string, string>> = { mp4a: 'aac', Opus: 'opus', fLaC: 'flac', 'ac-3': 'ac3', 'ec-3': 'ec3' };

/** Default rendition id of an input track: `video_<height>p` or `audio_<codec>` (folder-safe). */
export function defaultRenditionId(track: TrackInfo): string {
  if (track.kind === 'video') return `video_${track.height ?? track.id}p`;
  const name = AUDIO_NAMES[track.sampleEntry] ?? track.sampleEntry.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `audio_${name}`;
}

/** Rendition ids for tracks, made unique by suffixing the track id to the second and later users of an id. */
export function renditionIdsOf(tracks: readonly TrackInfo[], idOf: (track: TrackInfo) => string = defaultRenditionId): Map<number, string> {
  const used = new Set<string>();
  const ids = new Map<number, string>();
  for (const track of tracks) {
    let id = idOf(track);
    if (used.has(id)) id = `${id}_${track.id}`;
    for (let n = 2; used.has(id); n++) id = `${idOf(track)}_${track.id}_${n}`;
    used.add(id);
    ids.set(track.id, id);
  }
  return ids;
}
