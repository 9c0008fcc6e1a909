import { readAttributeList } from '@ott/core';

/** An attribute list (RFC 8216bis §4.2): names to raw values, quoted strings unquoted. */
export type AttributeList = Readonly<Record<string, string>>;

/** One `EXT-X-PART` tag. */
export interface ParsedPart {
  readonly duration: number;
  readonly uri: string;
  readonly independent: boolean;
}

/** One media segment of a playlist, or the segment in progress (its parts, no URI yet). */
export interface ParsedSegment {
  /** Media sequence number. */
  readonly msn: number;
  /** `EXTINF` duration; undefined for the segment in progress. */
  readonly duration: number | undefined;
  readonly uri: string | undefined;
  readonly parts: readonly ParsedPart[];
  readonly discontinuity: boolean;
  readonly programDateTime: string | undefined;
  readonly map: string | undefined;
}

/** The tags of an HLS media playlist that live and low-latency rules are about. */
export interface ParsedLivePlaylist {
  readonly firstLine: string;
  readonly version: number | undefined;
  readonly targetDuration: number | undefined;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly playlistType: string | undefined;
  readonly endList: boolean;
  readonly serverControl: AttributeList | undefined;
  readonly partInf: AttributeList | undefined;
  /** Complete segments, then (when it has parts) the one in progress. */
  readonly segments: readonly ParsedSegment[];
  readonly preloadHints: readonly AttributeList[];
  readonly renditionReports: readonly AttributeList[];
}

/** Reads an attribute list (`A=1,B="x,y",C=YES`) with `@ott/core`'s one reader, as a record. */
export function parseAttributes(text: string): AttributeList {
  return Object.fromEntries(readAttributeList(text));
}

/** Parses an HLS media playlist into the tags that live and low-latency rules check (unknown tags are skipped). */
export function parseLivePlaylist(text: string): ParsedLivePlaylist {
  const lines = text.split(/\r?\n/);
  let version: number | undefined;
  let targetDuration: number | undefined;
  let mediaSequence = 0;
  let discontinuitySequence = 0;
  let playlistType: string | undefined;
  let endList = false;
  let serverControl: AttributeList | undefined;
  let partInf: AttributeList | undefined;
  const preloadHints: AttributeList[] = [];
  const renditionReports: AttributeList[] = [];
  const segments: ParsedSegment[] = [];
  let parts: ParsedPart[] = [];
  let duration: number | undefined;
  let discontinuity = false;
  let programDateTime: string | undefined;
  let map: string | undefined;
  const value = (line: string): string => line.slice(line.indexOf(':') + 1);
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('#')) {
      segments.push({ msn: mediaSequence + segments.length, duration, uri: line, parts, discontinuity, programDateTime, map });
      parts = [];
      duration = undefined;
      discontinuity = false;
      programDateTime = undefined;
      continue;
    }
    if (line.startsWith('#EXT-X-VERSION:')) version = Number(value(line));
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(value(line));
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) mediaSequence = Number(value(line));
    else if (line.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE:')) discontinuitySequence = Number(value(line));
    else if (line.startsWith('#EXT-X-PLAYLIST-TYPE:')) playlistType = value(line);
    else if (line === '#EXT-X-ENDLIST') endList = true;
    else if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (line.startsWith('#EXT-X-SERVER-CONTROL:')) serverControl = parseAttributes(value(line));
    else if (line.startsWith('#EXT-X-PART-INF:')) partInf = parseAttributes(value(line));
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) programDateTime = value(line);
    else if (line.startsWith('#EXT-X-MAP:')) map = parseAttributes(value(line)).URI;
    else if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(value(line));
    else if (line.startsWith('#EXT-X-PART:')) {
      const a = parseAttributes(value(line));
      parts.push({ duration: Number(a.DURATION), uri: a.URI ?? '', independent: a.INDEPENDENT === 'YES' });
    } else if (line.startsWith('#EXT-X-PRELOAD-HINT:')) preloadHints.push(parseAttributes(value(line)));
    else if (line.startsWith('#EXT-X-RENDITION-REPORT:')) renditionReports.push(parseAttributes(value(line)));
  }
  if (parts.length > 0) {
    segments.push({ msn: mediaSequence + segments.length, duration: undefined, uri: undefined, parts, discontinuity, programDateTime, map });
  }
  return {
    firstLine: lines[0]?.trim() ?? '',
    version,
    targetDuration,
    mediaSequence,
    discontinuitySequence,
    playlistType,
    endList,
    serverControl,
    partInf,
    segments,
    preloadHints,
    renditionReports,
  };
}
