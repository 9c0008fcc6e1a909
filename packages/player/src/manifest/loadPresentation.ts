import { PlayerError } from '../errors/PlayerError.js';
import { fetchBytes, fetchText } from '../loader/fetchBytes.js';
import { readSidx } from '../mp4/readSidx.js';
import { parseDash } from './parseDash.js';
import { applyMediaPlaylist, parseHls } from './parseHls.js';
import type { Presentation, Track } from './Presentation.js';

/**
 * Fetches a manifest and parses it by content (not by extension or `canPlayType`): `#EXTM3U` is HLS, `<MPD` is DASH.
 */
export async function loadPresentation(url: string, signal?: AbortSignal): Promise<Presentation> {
  const { text, url: finalUrl } = await fetchText(url, signal);
  const head = text.trimStart().slice(0, 512);
  if (head.startsWith('#EXTM3U')) return parseHls(text, finalUrl);
  if (/<MPD[\s>]/.test(text.slice(0, 4096))) return parseDash(text, finalUrl);
  throw new PlayerError('MANIFEST_UNSUPPORTED', `Expected an HLS playlist (#EXTM3U) or a DASH MPD at ${url}, got "${head.slice(0, 60)}". Check the URL.`, {
    stage: 'manifest', details: { url },
  });
}

/**
 * Makes sure `track.segments` is known: loads an HLS media playlist (live: reloads it, with an LL-HLS blocking
 * `_HLS_msn` request when the server allows), or fetches and reads a DASH SegmentBase `sidx`.
 */
export async function resolveSegments(track: Track, presentation: Presentation, reload = false, signal?: AbortSignal): Promise<void> {
  if (track.segments && !reload) return;
  if (track.playlistUrl && presentation.format === 'hls') {
    let url = track.playlistUrl;
    if (reload && track.canBlockReload && track.nextMsn !== undefined) {
      const blocking = new URL(url);
      blocking.searchParams.set('_HLS_msn', String(track.nextMsn));
      url = blocking.href;
    }
    const { text } = await fetchText(url, signal);
    applyMediaPlaylist(track, presentation, text, track.playlistUrl);
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

/** Reloads a live DASH manifest and copies the new segment lists into the existing tracks (matched by id). */
export async function refreshDash(presentation: Presentation, signal?: AbortSignal): Promise<void> {
  const { text } = await fetchText(presentation.url, signal);
  const fresh = parseDash(text, presentation.url);
  for (const track of [...presentation.levels, ...presentation.audioTracks]) {
    const match = [...fresh.levels, ...fresh.audioTracks].find((t) => t.id === track.id);
    if (match?.segments) track.segments = match.segments;
  }
  presentation.live = fresh.live;
  if (!fresh.live) presentation.duration = fresh.duration;
}
