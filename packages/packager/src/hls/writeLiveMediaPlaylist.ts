import { relativeUri } from '../manifest/relativeUri.js';
import { partPath } from '@ott/core';
import type { LiveRenditionState, LiveSegmentRecord } from '../live/LiveRecords.js';

/** Where another rendition of the presentation has got (`EXT-X-RENDITION-REPORT`, RFC 8216bis §4.4.5.4). */
export interface RenditionReport {
  /** Its media playlist path, relative to the output root. */
  readonly playlistPath: string;
  readonly lastMsn: number;
  readonly lastPart: number;
}

/** Options of {@link writeLiveMediaPlaylist}. Durations in seconds. */
export interface LiveMediaPlaylistOptions {
  /** Where the playlist is stored, relative to the output root (URIs are relative to it). */
  readonly playlistPath: string;
  /** `EXT-X-TARGETDURATION` (fixed for the whole stream, §6.2.1). */
  readonly targetDuration: number;
  /** Low-latency tags (parts, server control, preload hint, rendition reports). */
  readonly ll: boolean;
  readonly partTarget: number;
  /** `live`: sliding window; `event`: everything kept (`EXT-X-PLAYLIST-TYPE:EVENT`); `vod`: final, with `EXT-X-ENDLIST`. */
  readonly kind: 'live' | 'event' | 'vod';
  /** Reports of the other renditions (low latency only). */
  readonly reports?: readonly RenditionReport[];
  /** Reuse the rendered head of the previous version of this playlist (see {@link PlaylistCache}). */
  readonly cache?: PlaylistCache;
}

/**
 * Writes the HLS media playlist of a live rendition (RFC 8216bis §4.4). Live: `EXT-X-MEDIA-SEQUENCE` and
 * `EXT-X-DISCONTINUITY-SEQUENCE` follow the window, `EXT-X-PROGRAM-DATE-TIME` is written on the first segment and
 * after each `EXT-X-DISCONTINUITY` (§4.4.4.6), `EXT-X-MAP` wherever the init changes. Low latency adds
 * `EXT-X-SERVER-CONTROL` (blocking reload; skip boundary 6 × target duration; hold-backs 3 × target duration and
 * 3 × part target, §4.4.3.8), `EXT-X-PART-INF`, the `EXT-X-PART`s of the recent segments and of the one in progress,
 * an `EXT-X-PRELOAD-HINT` naming the next part (§4.4.5.3) and an `EXT-X-RENDITION-REPORT` per other rendition.
 * `vod` writes the finished stream: every segment, no low-latency tags, `EXT-X-ENDLIST`.
 */
export function writeLiveMediaPlaylist(state: LiveRenditionState, options: LiveMediaPlaylistOptions): string {
  const { kind, targetDuration } = options;
  const ll = options.ll && kind !== 'vod';
  const from = options.playlistPath;
  const open = kind !== 'vod' && state.open !== undefined && state.open.parts.length > 0 ? state.open : undefined;
  const listed: LiveSegmentRecord[] = open === undefined ? [...state.segments] : [...state.segments, open];
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${ll ? 9 : 6}`, `#EXT-X-TARGETDURATION:${targetDuration}`];
  if (ll) {
    const control = [
      'CAN-BLOCK-RELOAD=YES',
      `CAN-SKIP-UNTIL=${seconds(6 * targetDuration)}`,
      `HOLD-BACK=${seconds(3 * targetDuration)}`,
      `PART-HOLD-BACK=${seconds(3 * options.partTarget)}`,
    ];
    lines.push(`#EXT-X-SERVER-CONTROL:${control.join(',')}`, `#EXT-X-PART-INF:PART-TARGET=${seconds(options.partTarget)}`);
  }
  lines.push(`#EXT-X-MEDIA-SEQUENCE:${listed[0]?.number ?? state.next.segmentNumber}`);
  lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${state.discontinuitySequence}`);
  if (kind !== 'live') lines.push(`#EXT-X-PLAYLIST-TYPE:${kind === 'vod' ? 'VOD' : 'EVENT'}`);
  if (listed.length > 0 && listed.every((s) => s.startsWithKeyframe)) lines.push('#EXT-X-INDEPENDENT-SEGMENTS');
  lines.push(...renderSegments(listed, open, { from, ll, timescale: state.track.timescale }, options.cache));
  if (ll) {
    const { segmentNumber, index } = state.next;
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${relativeUri(from, partPath(state.renditionId, segmentNumber, index))}"`);
    for (const report of options.reports ?? []) {
      const uri = relativeUri(from, report.playlistPath);
      lines.push(`#EXT-X-RENDITION-REPORT:URI="${uri}",LAST-MSN=${report.lastMsn},LAST-PART=${report.lastPart}`);
    }
  }
  if (kind === 'vod') lines.push('#EXT-X-ENDLIST');
  lines.push('');
  return lines.join('\n');
}

/**
 * The rendered head of a playlist: its leading complete segments whose parts are no longer listed. Those lines never
 * change until the window slides, and a live playlist is rewritten several times a second with up to thousands of
 * segments (a DVR window), so the next rewrite reuses them. Keep one per playlist.
 */
export interface PlaylistCache {
  key: string;
  first: LiveSegmentRecord | undefined;
  last: LiveSegmentRecord | undefined;
  count: number;
  lines: string;
  mapPath: string | undefined;
}

/** An empty {@link PlaylistCache}. */
export function createPlaylistCache(): PlaylistCache {
  return { key: '', first: undefined, last: undefined, count: 0, lines: '', mapPath: undefined };
}

interface RenderContext {
  readonly from: string;
  readonly ll: boolean;
  readonly timescale: number;
}

function renderSegments(listed: readonly LiveSegmentRecord[], open: LiveSegmentRecord | undefined, context: RenderContext, cache?: PlaylistCache): string[] {
  const key = `${context.from}|${context.ll}`;
  const out: string[] = [];
  let start = 0;
  let mapPath: string | undefined;
  // Records are appended and never change once their parts are gone: the same first and last means the same head.
  const reuse = cache !== undefined && cache.key === key && cache.count > 0 && cache.count <= listed.length && listed[0] === cache.first && listed[cache.count - 1] === cache.last;
  if (reuse) {
    start = cache.count;
    mapPath = cache.mapPath;
    out.push(cache.lines);
  }
  const stable: string[] = [];
  let stableCount = start;
  let stableMap = mapPath;
  for (let i = start; i < listed.length; i++) {
    const segment = listed[i] as LiveSegmentRecord;
    const lines: string[] = [];
    if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (segment.init.path !== mapPath) {
      mapPath = segment.init.path;
      lines.push(`#EXT-X-MAP:URI="${relativeUri(context.from, mapPath)}"`);
    }
    if (i === 0 || segment.discontinuity) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.programDateTime).toISOString()}`);
    lines.push(...segmentLines(segment, segment !== open, context));
    out.push(...lines);
    if (stableCount === i && segment !== open && (!context.ll || segment.parts.length === 0)) {
      stable.push(...lines);
      stableCount = i + 1;
      stableMap = mapPath;
    }
  }
  if (cache !== undefined && stableCount > 0) {
    const added = stable.join('\n');
    cache.lines = reuse ? (added === '' ? cache.lines : `${cache.lines}\n${added}`) : added;
    Object.assign(cache, { key, first: listed[0], last: listed[stableCount - 1], count: stableCount, mapPath: stableMap });
  }
  return out;
}

/** The EXT-X-PART, EXTINF and URI lines of one segment. */
function segmentLines(segment: LiveSegmentRecord, complete: boolean, context: RenderContext): string[] {
  const { from, ll } = context;
  const timescale = timescaleOf(segment, context.timescale);
  const lines: string[] = [];
  if (ll) {
    for (const part of segment.parts) {
      const independent = part.independent ? ',INDEPENDENT=YES' : '';
      lines.push(`#EXT-X-PART:DURATION=${seconds(part.duration / timescale)},URI="${relativeUri(from, part.path)}"${independent}`);
    }
  }
  if (complete) lines.push(`#EXTINF:${seconds(segment.duration / timescale)},`, relativeUri(from, segment.path));
  return lines;
}

function timescaleOf(segment: LiveSegmentRecord, fallback: number): number {
  return segment.init.track.timescale || fallback;
}

/**
 * Seconds with up to 5 decimals, trailing zeros dropped. Part durations and PART-TARGET go through the same rounding,
 * so a part no longer than the target in timescale units is never printed longer than it.
 */
function seconds(value: number): string {
  return String(Number(value.toFixed(5)));
}
