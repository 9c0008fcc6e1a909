import { fetchObject } from '../loader/fetchObject.js';
import { resolveSegments } from '../manifest/loadPresentation.js';
import type { Presentation } from '../manifest/Presentation.js';

const TIMING = /^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})\s+-->\s+(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})/;
const seconds = (h: string | undefined, m: string, s: string, ms: string): number => Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;

/** Adds the cues of a WebVTT document to `track` (timing and text only: enough for subtitles). */
function addCues(track: TextTrack, text: string): void {
  for (const block of text.replace(/\r/g, '').split(/\n\n+/)) {
    const lines = block.split('\n');
    const at = lines.findIndex((l) => TIMING.test(l));
    const m = at >= 0 ? TIMING.exec(lines[at] ?? '') : null;
    if (!m) continue;
    // The cue payload runs to the blank line (WebVTT §4.1); the file's last block keeps its final line break.
    const payload = lines.slice(at + 1).join('\n').replace(/\n+$/, '');
    track.addCue(new VTTCue(seconds(m[1], m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'), seconds(m[5], m[6] ?? '0', m[7] ?? '0', m[8] ?? '0'), payload));
  }
}

/** Text tracks this module added to an element (keyed by subtitle URL; an element's tracks cannot be removed). */
interface Shown {
  readonly tracks: Map<string, { readonly track: TextTrack; loaded?: Promise<void> }>;
  /** URL of the track asked for last (a slower, earlier request must not show its track over it). */
  wanted: string | undefined;
}
const shown = new WeakMap<HTMLVideoElement, Shown>();

/**
 * Fetches the cues of text track `index` (WebVTT: the segments of an HLS subtitle playlist, or one DASH file) and adds
 * them once all arrived, so a failed load leaves no partial cues behind.
 */
async function loadCues(track: TextTrack, presentation: Presentation, index: number): Promise<void> {
  const chosen = presentation.textTracks[index];
  if (!chosen?.playlistUrl) return;
  if (presentation.format === 'hls') {
    await resolveSegments(chosen, presentation);
    const texts = await Promise.all((chosen.segments ?? []).map((s) => fetchObject(presentation.request, s.url, 'c')));
    for (const { text } of texts) addCues(track, text);
  } else {
    addCues(track, (await fetchObject(presentation.request, chosen.playlistUrl, 'c')).text);
  }
}

/**
 * Shows text track `index` of the presentation (WebVTT: the segments of an HLS subtitle playlist, or one DASH file)
 * and hides the others; -1 (or no presentation) hides all. Cue times are taken as presentation times
 * (`X-TIMESTAMP-MAP` is not applied). A track that failed to load is fetched again the next time it is chosen.
 */
export async function showTextTrack(video: HTMLVideoElement, presentation: Presentation | undefined, index: number): Promise<void> {
  let state = shown.get(video);
  if (!state) shown.set(video, (state = { tracks: new Map(), wanted: undefined }));
  for (const { track } of state.tracks.values()) track.mode = 'disabled';
  const url = presentation?.textTracks[index]?.playlistUrl;
  state.wanted = url;
  if (!presentation || !url) return;
  const chosen = presentation.textTracks[index];
  let entry = state.tracks.get(url);
  if (!entry) {
    entry = { track: video.addTextTrack('subtitles', chosen?.name ?? chosen?.id ?? '', chosen?.language ?? '') };
    entry.track.mode = 'disabled';
    state.tracks.set(url, entry);
  }
  const current = entry;
  current.loaded ??= loadCues(current.track, presentation, index).catch((error: unknown) => {
    delete current.loaded;
    throw error;
  });
  await current.loaded;
  if (state.wanted === url) current.track.mode = 'showing';
}
