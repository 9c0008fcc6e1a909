import { Parser } from 'm3u8-parser';
import { PlayerError } from '../errors/PlayerError.js';

/** A byte range as m3u8-parser reports it. */
export interface M3u8Range { length: number; offset: number }

/** An `EXT-X-KEY` as m3u8-parser reports it. */
export interface M3u8Key { method: string; uri: string; iv?: Uint32Array }

/** An `EXT-X-MAP`; `key` is the EXT-X-KEY in force before it (the init segment is then encrypted, §4.4.4.5). */
export interface M3u8Map { uri: string; byterange?: M3u8Range; key?: M3u8Key }

/** An LL-HLS `EXT-X-PART` as m3u8-parser reports it. */
export interface M3u8Part { uri: string; duration: number; independent?: boolean; byterange?: M3u8Range }

/** The parts of m3u8-parser's output the player reads. */
export interface M3u8Segment {
  uri: string;
  duration: number;
  timeline?: number;
  byterange?: M3u8Range;
  map?: M3u8Map;
  key?: M3u8Key;
  programDateTime?: number;
  discontinuity?: boolean;
  parts?: M3u8Part[];
}

/** The segment in progress of an LL-HLS playlist: its parts so far and the preload hints. */
export interface M3u8PreloadSegment {
  parts?: M3u8Part[];
  preloadHints?: { type: string; uri: string; byterangeStart?: number }[];
  map?: M3u8Map;
  timeline?: number;
}

export interface M3u8Manifest {
  playlists?: { uri: string; attributes: { BANDWIDTH?: number; CODECS?: string; RESOLUTION?: { width: number; height: number }; 'FRAME-RATE'?: number; AUDIO?: string; NAME?: string } }[];
  mediaGroups?: { AUDIO?: Record<string, Record<string, { uri?: string; default?: boolean; language?: string }>>; SUBTITLES?: Record<string, Record<string, { uri?: string; language?: string }>> };
  segments?: M3u8Segment[];
  endList?: boolean;
  targetDuration?: number;
  mediaSequence?: number;
  discontinuitySequence?: number;
  serverControl?: { canBlockReload?: boolean; holdBack?: number; partHoldBack?: number; canSkipUntil?: number };
  partTargetDuration?: number;
  preloadSegment?: M3u8PreloadSegment;
  skip?: { skippedSegments?: number };
}

/** Parses text with m3u8-parser; throws MANIFEST_PARSE_FAILED unless it starts with `#EXTM3U`. */
export function parseM3u8(text: string, url: string): M3u8Manifest {
  if (!text.trimStart().startsWith('#EXTM3U')) {
    throw new PlayerError('MANIFEST_PARSE_FAILED', `Expected an HLS playlist starting with #EXTM3U at ${url}, got "${text.slice(0, 40)}".`, { stage: 'manifest' });
  }
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest as M3u8Manifest;
}
