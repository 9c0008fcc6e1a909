/** How far a media playlist has got, as blocking reload needs it (RFC 8216bis §6.2.5.2). */
export interface PlaylistProgress {
  /** Media sequence number of the last complete segment (EXT-X-MEDIA-SEQUENCE − 1 when there is none). */
  readonly lastMsn: number;
  /** Number of EXT-X-PART tags of each listed segment, by media sequence number (0 when its parts were dropped). */
  readonly partsOf: ReadonlyMap<number, number>;
  /** EXT-X-PART tags after the last complete segment: parts of segment `lastMsn + 1`, still being written. */
  readonly pendingParts: number;
  /** EXT-X-TARGETDURATION in seconds, when present. */
  readonly targetDuration: number | undefined;
  /** The playlist has EXT-X-ENDLIST: it will never grow, so requests must not block. */
  readonly ended: boolean;
  /** `true` for a media playlist (has EXT-X-TARGETDURATION or EXTINF); `false` for a multivariant playlist. */
  readonly isMedia: boolean;
}

/**
 * Reads the progress of an HLS media playlist: media sequence, complete segments (a URI line after EXTINF) and the
 * EXT-X-PART tags of each segment and of the one in progress. Tolerant: unknown tags are skipped, so it also reads
 * playlists written by other packagers.
 */
export function readPlaylistProgress(text: string): PlaylistProgress {
  let mediaSequence = 0;
  let targetDuration: number | undefined;
  let ended = false;
  let isMedia = false;
  let segments = 0;
  let parts = 0;
  let inSegment = false;
  const partCounts: number[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) mediaSequence = Number.parseInt(line.slice(22), 10) || 0;
      else if (line.startsWith('#EXT-X-TARGETDURATION:')) {
        targetDuration = Number(line.slice(22));
        isMedia = true;
      } else if (line.startsWith('#EXT-X-PART:')) parts++;
      else if (line.startsWith('#EXTINF:')) {
        inSegment = true;
        isMedia = true;
      } else if (line === '#EXT-X-ENDLIST') ended = true;
      continue;
    }
    // A URI line: it completes a segment when it follows EXTINF (other URIs are variant streams).
    if (inSegment) {
      partCounts.push(parts);
      segments++;
      parts = 0;
      inSegment = false;
    }
  }
  const partsOf = new Map<number, number>();
  partCounts.forEach((count, index) => partsOf.set(mediaSequence + index, count));
  return {
    lastMsn: mediaSequence + segments - 1,
    partsOf,
    pendingParts: parts,
    targetDuration: targetDuration !== undefined && Number.isFinite(targetDuration) ? targetDuration : undefined,
    ended,
    isMedia,
  };
}
