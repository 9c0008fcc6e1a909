import { PlayerError } from '../errors/PlayerError.js';
import { fetchBytes } from '../loader/fetchBytes.js';
import { fetchObject } from '../loader/fetchObject.js';
import { syncClock } from '../loader/syncClock.js';
import { readSidx } from '../mp4/readSidx.js';
import { applyMediaPlaylist } from './applyMediaPlaylist.js';
import { parseDash } from './parseDash.js';
import { parseHls } from './parseHls.js';
import type { ObjectRequest, Presentation, Track } from './Presentation.js';

const withRequest = (presentation: Presentation, request: ObjectRequest | undefined): Presentation => {
  if (request) presentation.request = request;
  return presentation;
};

/** `url` without a CMCD query argument (the final URL of a manifest request is the base of relative URLs). */
function withoutCmcd(url: string): string {
  if (!url.includes('CMCD=')) return url;
  const parsed = new URL(url);
  parsed.searchParams.delete('CMCD');
  return parsed.href;
}

/**
 * Fetches a manifest and parses it by content (not by extension or `canPlayType`): `#EXTM3U` is HLS, `<MPD` is DASH.
 * A live MPD with `UTCTiming` also synchronises the clock (`clockOffsetMs`). `request` (CMCD) shapes this request
 * and, kept on the presentation, every later playlist, MPD, init, key and caption request.
 */
export async function loadPresentation(url: string, signal?: AbortSignal, request?: ObjectRequest): Promise<Presentation> {
  const fetched = await fetchObject(request, url, 'm', signal);
  const { text } = fetched;
  const finalUrl = withoutCmcd(fetched.url);
  const head = text.trimStart().slice(0, 512);
  if (head.startsWith('#EXTM3U')) return withRequest(parseHls(text, finalUrl), request);
  if (/<MPD[\s>]/.test(text.slice(0, 4096))) {
    const presentation = withRequest(parseDash(text, finalUrl), request);
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
    const { text } = await fetchObject(presentation.request, reload ? reloadUrl(track, track.playlistUrl, skip) : track.playlistUrl, 'm', signal);
    if (applyMediaPlaylist(track, presentation, text, track.playlistUrl)) return;
    // The delta update skipped segments this copy does not have: load the whole playlist.
    const full = await fetchObject(presentation.request, track.playlistUrl, 'm', signal);
    applyMediaPlaylist(track, presentation, full.text, track.playlistUrl);
    return;
  }
  if (track.sidx) {
    const { url, byteRange, init } = track.sidx;
    // The sidx sits in the SegmentBase index range, next to the init segment: CMCD object type `i`.
    const shaped = presentation.request?.(url, 'i') ?? { url, headers: {} };
    const bytes = await fetchBytes(shaped.url, { byteRange, headers: shaped.headers, ...(signal ? { signal } : {}) });
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
  const { text } = await fetchObject(presentation.request, presentation.url, 'm', signal);
  const fresh = parseDash(text, presentation.url, Date.now() + presentation.clockOffsetMs);
  for (const track of [...presentation.levels, ...presentation.audioTracks]) {
    const match = [...fresh.levels, ...fresh.audioTracks].find((t) => t.id === track.id);
    if (match?.segments) track.segments = match.segments;
  }
  if (fresh.live) return true;
  presentation.duration = fresh.duration;
  return false;
}
