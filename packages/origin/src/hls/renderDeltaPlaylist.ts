import { readAttributeList } from '@ott/core';

/** The `_HLS_skip` delivery directive (RFC 8216bis §6.2.5.1): `YES` skips old segments, `v2` also old EXT-X-DATERANGE tags. */
export type SkipDirective = 'YES' | 'v2';

/** Reads `_HLS_skip` from a playlist request; other values are ignored (the whole playlist is served). */
export function readSkipDirective(query: URLSearchParams): SkipDirective | undefined {
  const value = query.get('_HLS_skip');
  return value === 'YES' || value === 'v2' ? value : undefined;
}

// Media Playlist tags (§4.4.3) and tags that are not about one segment: they stay, whatever is skipped.
const PLAYLIST_TAGS = new Set([
  '#EXTM3U',
  '#EXT-X-VERSION',
  '#EXT-X-TARGETDURATION',
  '#EXT-X-MEDIA-SEQUENCE',
  '#EXT-X-DISCONTINUITY-SEQUENCE',
  '#EXT-X-PLAYLIST-TYPE',
  '#EXT-X-I-FRAMES-ONLY',
  '#EXT-X-PART-INF',
  '#EXT-X-SERVER-CONTROL',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXT-X-START',
  '#EXT-X-DEFINE',
  '#EXT-X-ENDLIST',
  '#EXT-X-PRELOAD-HINT',
  '#EXT-X-RENDITION-REPORT',
  '#EXT-X-ALLOW-CACHE',
]);

/** One complete segment: its lines `first..uri` (tags, then the URI line) and its EXTINF duration. */
interface SegmentLines {
  readonly first: number;
  readonly uri: number;
  readonly duration: number;
}

interface ParsedPlaylist {
  readonly lines: readonly string[];
  readonly segments: readonly SegmentLines[];
  /** Segment durations plus the parts of the segment in progress: where the playlist ends, in seconds. */
  readonly total: number;
  readonly skipUntil: number | undefined;
  readonly canSkipDateranges: boolean;
  readonly ended: boolean;
  readonly isDelta: boolean;
}

const tagOf = (line: string): string => {
  const colon = line.indexOf(':');
  return colon === -1 ? line : line.slice(0, colon);
};

function parse(text: string): ParsedPlaylist {
  const lines = text.split(/\r?\n/);
  const segments: SegmentLines[] = [];
  let skipUntil: number | undefined;
  let canSkipDateranges = false;
  let ended = false;
  let isDelta = false;
  let first = -1;
  let duration: number | undefined;
  let segmentsTotal = 0;
  let partsTotal = 0;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    if (!line.startsWith('#')) {
      if (duration === undefined) return; // a URI without EXTINF is not a segment
      segments.push({ first: first === -1 ? index : first, uri: index, duration });
      segmentsTotal += duration;
      first = -1;
      duration = undefined;
      partsTotal = 0; // those parts made up this segment
      return;
    }
    const tag = tagOf(line);
    if (tag === '#EXT-X-SERVER-CONTROL') {
      const attributes = readAttributeList(line.slice(tag.length + 1));
      const until = Number(attributes.get('CAN-SKIP-UNTIL'));
      skipUntil = Number.isFinite(until) && until > 0 ? until : undefined;
      canSkipDateranges = attributes.get('CAN-SKIP-DATERANGES') === 'YES';
    } else if (tag === '#EXT-X-ENDLIST') ended = true;
    else if (tag === '#EXT-X-SKIP') isDelta = true;
    if (PLAYLIST_TAGS.has(tag)) return;
    if (first === -1) first = index;
    if (tag === '#EXTINF') duration = Number.parseFloat(line.slice(tag.length + 1)) || 0;
    else if (tag === '#EXT-X-PART') partsTotal += Number(readAttributeList(line.slice(tag.length + 1)).get('DURATION')) || 0;
  });
  return { lines, segments, total: segmentsTotal + partsTotal, skipUntil, canSkipDateranges, ended, isDelta };
}

/** Number of leading segments that end at least `skipUntil` seconds before the end of the playlist. */
function countSkippable(playlist: ParsedPlaylist, skipUntil: number): number {
  let end = 0;
  let count = 0;
  for (const segment of playlist.segments) {
    end += segment.duration;
    // A small tolerance: EXTINF values are rounded decimals, and a segment right at the boundary may go.
    if (playlist.total - end < skipUntil - 1e-6) break;
    count++;
  }
  return count;
}

/**
 * Renders the Playlist Delta Update (RFC 8216bis §6.2.5.1) of a full live media playlist: the leading segments
 * that end at least the Skip Boundary (`EXT-X-SERVER-CONTROL:CAN-SKIP-UNTIL`) before the end of the playlist are
 * replaced, with their tags, by one `EXT-X-SKIP:SKIPPED-SEGMENTS=n` (§4.4.5.2); the media sequence and discontinuity
 * sequence stay (they still number the skipped segments). Tags that apply beyond the skipped segments are kept
 * after EXT-X-SKIP when the first kept segment does not repeat them: the EXT-X-MAP, EXT-X-KEY and EXT-X-BITRATE in
 * effect, and an EXT-X-PROGRAM-DATE-TIME carried forward from the skipped segments' last one (§4.4.4.6), so the
 * kept segments keep their wall-clock mapping. EXT-X-DATERANGE tags among the skipped segments are kept too, unless the request is `v2` and the playlist
 * says `CAN-SKIP-DATERANGES=YES`: then they go and EXT-X-SKIP carries `RECENTLY-REMOVED-DATERANGES` (empty: the
 * origin does not remember dateranges removed from earlier versions). EXT-X-VERSION is raised to 9 (10 with
 * RECENTLY-REMOVED-DATERANGES, §7).
 *
 * Returns `undefined` — serve the playlist whole — when it offers no delta updates (no CAN-SKIP-UNTIL), has ended,
 * is already a delta, or has nothing old enough to skip.
 */
export function renderDeltaPlaylist(text: string, skip: SkipDirective): string | undefined {
  const playlist = parse(text);
  if (playlist.skipUntil === undefined || playlist.ended || playlist.isDelta) return undefined;
  const skipped = countSkippable(playlist, playlist.skipUntil);
  const lastSkipped = playlist.segments[skipped - 1];
  const firstSkipped = playlist.segments[0];
  if (skipped === 0 || !lastSkipped || !firstSkipped) return undefined;
  const skipDateranges = skip === 'v2' && playlist.canSkipDateranges;
  const { lines } = playlist;
  const out = lines.slice(0, firstSkipped.first);
  let map: string | undefined;
  let bitrate: string | undefined;
  const keys = new Map<string, string>();
  const dateranges: string[] = [];
  // Wall clock at the end of the skipped segments, from their last EXT-X-PROGRAM-DATE-TIME (none after a
  // discontinuity that has no date of its own: the mapping is then unknown).
  let clock: number | undefined;
  for (const raw of lines.slice(firstSkipped.first, lastSkipped.uri + 1)) {
    const line = raw.trim();
    const tag = tagOf(line);
    if (tag === '#EXT-X-PROGRAM-DATE-TIME') clock = Date.parse(line.slice(tag.length + 1));
    else if (tag === '#EXT-X-DISCONTINUITY') clock = undefined;
    else if (tag === '#EXTINF' && clock !== undefined) clock += (Number.parseFloat(line.slice(tag.length + 1)) || 0) * 1000;
    if (PLAYLIST_TAGS.has(tag)) out.push(raw);
    else if (tag === '#EXT-X-MAP') map = line;
    else if (tag === '#EXT-X-BITRATE') bitrate = line;
    else if (tag === '#EXT-X-DATERANGE' && !skipDateranges) dateranges.push(line);
    else if (tag === '#EXT-X-KEY') {
      // Keys of different KEYFORMATs apply together; METHOD=NONE ends them all (§4.4.4.4).
      const attributes = readAttributeList(line.slice(tag.length + 1));
      if (attributes.get('METHOD') === 'NONE') keys.clear();
      else keys.set(attributes.get('KEYFORMAT') ?? 'identity', line);
    }
  }
  out.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}${skipDateranges ? ',RECENTLY-REMOVED-DATERANGES=""' : ''}`);
  const firstKept = playlist.segments[skipped];
  const keptTags = firstKept ? lines.slice(firstKept.first, firstKept.uri).map((line) => tagOf(line.trim())) : [];
  if (map !== undefined && !keptTags.includes('#EXT-X-MAP')) out.push(map);
  if (!keptTags.includes('#EXT-X-KEY')) out.push(...keys.values());
  if (bitrate !== undefined && !keptTags.includes('#EXT-X-BITRATE')) out.push(bitrate);
  if (clock !== undefined && Number.isFinite(clock) && firstKept && !keptTags.includes('#EXT-X-PROGRAM-DATE-TIME') && !keptTags.includes('#EXT-X-DISCONTINUITY')) {
    out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Math.round(clock)).toISOString()}`); // the date of the first kept segment
  }
  out.push(...dateranges, ...lines.slice(lastSkipped.uri + 1));
  return withVersion(out, skipDateranges ? 10 : 9).join('\n');
}

/** Raises (or adds, after #EXTM3U) EXT-X-VERSION to at least `minimum`. */
function withVersion(lines: string[], minimum: number): string[] {
  const at = lines.findIndex((line) => line.trim().startsWith('#EXT-X-VERSION:'));
  if (at === -1) {
    lines.splice(1, 0, `#EXT-X-VERSION:${minimum}`);
    return lines;
  }
  const current = Number.parseInt((lines[at] ?? '').trim().slice('#EXT-X-VERSION:'.length), 10);
  if (!(current >= minimum)) lines[at] = `#EXT-X-VERSION:${minimum}`;
  return lines;
}
