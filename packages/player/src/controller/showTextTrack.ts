import { fetchText } from '../loader/fetchBytes.js';
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
    track.addCue(new VTTCue(seconds(m[1], m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'), seconds(m[5], m[6] ?? '0', m[7] ?? '0', m[8] ?? '0'), lines.slice(at + 1).join('\n')));
  }
}

const created = new WeakMap<HTMLVideoElement, Map<string, TextTrack>>();

/**
 * Shows text track `index` of the presentation (WebVTT: one DASH file or the segments of an HLS subtitle
 * playlist) and hides the others; -1 hides all.
 */
export async function showTextTrack(video: HTMLVideoElement, presentation: Presentation, index: number): Promise<void> {
  let tracks = created.get(video);
  if (!tracks) created.set(video, (tracks = new Map()));
  for (const t of tracks.values()) t.mode = 'disabled';
  const chosen = presentation.textTracks[index];
  if (!chosen?.playlistUrl) return;
  let track = tracks.get(chosen.id);
  if (!track) {
    track = video.addTextTrack('subtitles', chosen.name ?? chosen.id, chosen.language ?? '');
    tracks.set(chosen.id, track);
    if (presentation.format === 'hls') {
      await resolveSegments(chosen, presentation);
      for (const segment of chosen.segments ?? []) addCues(track, (await fetchText(segment.url)).text);
    } else {
      addCues(track, (await fetchText(chosen.playlistUrl)).text);
    }
  }
  track.mode = 'showing';
}
