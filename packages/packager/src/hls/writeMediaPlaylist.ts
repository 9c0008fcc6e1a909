import type { RenditionRecord } from '../manifest/RenditionRecord.js';
import { relativeUri } from '../manifest/relativeUri.js';
import { targetDuration } from '../manifest/targetDuration.js';
import { writeKeyTags } from './writeKeyTags.js';

/** Options of {@link writeMediaPlaylist}. */
export interface MediaPlaylistOptions {
  /** Where the playlist is stored, relative to the output root (URIs in it are relative to its folder). */
  readonly playlistPath: string;
}

/**
 * Writes the HLS media playlist of one rendition: a VOD playlist of fMP4 segments (RFC 8216bis §4.3.2, §4.3.3).
 * `EXT-X-MEDIA-SEQUENCE` is the number of the first segment (segments are numbered from 1), `EXT-X-MAP` names the
 * init segment, `EXTINF` carries 3 decimals. `EXT-X-INDEPENDENT-SEGMENTS` is written only when every segment starts
 * with a keyframe, which is what the tag promises (§4.3.5.1).
 *
 * @example
 * ```ts
 * declare const rendition: RenditionRecord;
 * writeMediaPlaylist(rendition, { playlistPath: 'video_720p/playlist.m3u8' }) // '#EXTM3U\n#EXT-X-VERSION:7\n…'
 * ```
 */
export function writeMediaPlaylist(rendition: RenditionRecord, options: MediaPlaylistOptions): string {
  const { segments, track } = rendition;
  const from = options.playlistPath;
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${targetDuration(rendition)}`,
    `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.number ?? 1}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
  ];
  if (segments.every((segment) => segment.startsWithKeyframe)) lines.push('#EXT-X-INDEPENDENT-SEGMENTS');
  lines.push(`#EXT-X-MAP:URI="${relativeUri(from, rendition.initPath)}"`);
  // The init segment is clear (sample encryption, and AES-128 here too), so the keys follow EXT-X-MAP and do not
  // apply to it (RFC 8216bis §4.4.4.4). With key rotation a segment carries its period's keys: EXT-X-KEY is repeated
  // before the first segment of each period.
  let keys = segments[0]?.protection?.hlsKeys ?? rendition.protection?.hlsKeys;
  let keyLines = keys === undefined ? [] : writeKeyTags(keys, 'EXT-X-KEY');
  lines.push(...keyLines);
  for (const segment of segments) {
    if (segment.protection !== undefined && segment.protection.hlsKeys !== keys) {
      keys = segment.protection.hlsKeys;
      const next = writeKeyTags(keys, 'EXT-X-KEY');
      if (next.join('\n') !== keyLines.join('\n')) lines.push(...next);
      keyLines = next;
    }
    lines.push(`#EXTINF:${(segment.duration / track.timescale).toFixed(3)},`, relativeUri(from, segment.path));
  }
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}
