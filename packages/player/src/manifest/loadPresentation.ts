import { PlayerError } from '../errors/PlayerError.js';
import { fetchBytes, fetchText } from '../loader/fetchBytes.js';
import { syncClock } from '../loader/syncClock.js';
import { readSidx } from '../mp4/readSidx.js';
import { applyMediaPlaylist } from './applyMediaPlaylist.js';
import { parseDash } from './parseDash.js';
import { parseHls } from './parseHls.js';
import type { Presentation, Track } from './Presentation.js';

/**
 * Fetches a manifest and parses it by content (not by extension or `canPlayType`): `#EXTM3U` is HLS, `<MPD` is DASH.
 * A live MPD with `UTCTiming` also synchronises the clock (`clockOffsetMs`).
 */
export async function loadPresentation(url: string, signal?: AbortSignal): Promise<Presentation> {
  const { text, url: finalUrl } = await fetchText(url, signal);
  const head = text.trimStart().slice(0, 512);
  if (head.startsWith('#EXTM3U')) return parseHls(text, finalUrl);
  if (/<MPD[\s>]/.test(text.slice(0, 4096))) {
    const presentation = parseDash(text, finalUrl);
    if (presentation.live && presentation.utcTiming) presentation.clockOffsetMs = (await syncClock(presentation.utcTiming, signal)) ?? 0;
    return presentation;
  }
  throw new PlayerError('MANIFEST_UNSUPPORTED', `Expected an HLS playlist (#EXTM3U) or a DASH MPD at ${url}, got "${head.slice(0, 60)}". Check the URL.`, {
    stage: 'manifest', details: { url },
  });
}

/**
 * The URL of a live playlist reload with LL-HLS delivery directives (RFC 8216bis §6.2.5): `_HLS_msn` / `_HLS_part`
 * for a blocking reload of the next part or segment, `_HLS_skip=YES` for a delta update when the copy held is
 * younger than half the skip boundary (§6.2.5.1).
 */
function reloadUrl(track: Track, playlistUrl: string, skip: boolean): string {
  const url = new URL(playlistUrl);
  if (track.canBlockReload && track.nextMsn !== undefined) {
    url.searchParams.set('_HLS_msn', String(track.nextMsn));
    if (track.nextPart !== undefined) url.searchParams.set('_HLS_part', String(track.nextPart));
  }
  if (skip) url.searchParams.set('_HLS_skip', 'YES');
  return url.href;
}

/**
 * Makes sure `track.segments` is known: loads an HLS media playlist (live: reloads it, blocking and as a delta update
 * when the server allows), or fetches and reads a DASH SegmentBase `sidx`.
 */
export async function resolveSegments(track: Track, presentation: Presentation, reload = false, signal?: AbortSignal): Promise<void> {
  if (track.segments && !reload) return;
  if (track.playlistUrl && presentation.format === 'hls') {
    const age = track.loadedAt === undefined ? Infinity : (performance.now() - track.loadedAt) / 1000;
    const skip = reload && (track.canSkipUntil ?? 0) > 0 && age < (track.canSkipUntil ?? 0) / 2 && (track.segments?.length ?? 0) > 0;
    const { text } = await fetchText(reload ? reloadUrl(track, track.playlistUrl, skip) : track.playlistUrl, signal);
    if (applyMediaPlaylist(track, presentation, text, track.playlistUrl)) return;
    // The delta update skipped segments this copy does not have: load the whole playlist.
    const full = await fetchText(track.playlistUrl, signal);
    applyMediaPlaylist(track, presentation, full.text, track.playlistUrl);
    return;
  }
  if (track.sidx) {
    const { url, byteRange, init } = track.sidx;
    const bytes = await fetchBytes(url, { byteRange, ...(signal ? { signal } : {}) });
    track.segments = readSidx(bytes, byteRange.offset).map((ref, i) => ({
      url, start: ref.start, duration: ref.duration, timeline: 0, number: i,
      byteRange: { offset: ref.offset, length: ref.length },
      ...(init ? { init } : {}),
    }));
    return;
  }
  if (!track.segments) track.segments = [];
}

/**
 * Reloads a live DASH manifest and copies the new segment lists into the existing tracks (matched by id). Returns
 * false when the MPD became static (the live stream ended; `duration` is then the final one).
 */
export async function refreshDash(presentation: Presentation, signal?: AbortSignal): Promise<boolean> {
  const { text } = await fetchText(presentation.url, signal);
  const fresh = parseDash(text, presentation.url, Date.now() + presentation.clockOffsetMs);
  for (const track of [...presentation.levels, ...presentation.audioTracks]) {
    const match = [...fresh.levels, ...fresh.audioTracks].find((t) => t.id === track.id);
    if (match?.segments) track.segments = match.segments;
  }
  if (fresh.live) return true;
  presentation.duration = fresh.duration;
  return false;
}
