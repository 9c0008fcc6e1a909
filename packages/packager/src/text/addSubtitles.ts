import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { PipelineItem, TextCue, TextFile, TextTrackInfo } from '@ott/core';

/** A subtitle rendition to add: its cues (media time, seconds) and how manifests present it. */
export interface SubtitleTrack extends TextTrackInfo {
  /** Rendition id (output folder), e.g. `text_en`. */
  readonly id: string;
  readonly cues: readonly TextCue[];
}

/** Options of {@link addSubtitles}. */
export interface AddSubtitlesOptions {
  /** The media's segment duration (as given to `segmentCmaf`): the WebVTT segments use the same grid. */
  readonly segmentDuration: number;
}

/**
 * Adds subtitle renditions to a VOD presentation. Items pass through; when the media ends (its duration is that of the
 * longest video rendition, else of the audio), each track becomes WebVTT segments on the media's segment grid (`<id>/seg-00001.vtt`, … with
 * `X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000`: cue times are media times; a cue that spans a boundary is in both
 * segments, as HLS wants) for the HLS media playlist, plus the whole track in one file (`<id>/subtitles.vtt`) that
 * DASH players load as a sidecar. Cues past the end of the media are cut there (or dropped). Place it before
 * `writeManifests()`, which lists the renditions.
 *
 * @example
 * ```ts
 * declare const transcoded$: Observable<PipelineItem>, cues: TextCue[];
 * transcoded$.pipe(segmentCmaf({ segmentDuration: 4 }), addSubtitles([{ id: 'text_en', language: 'en', cues }], { segmentDuration: 4 }), writeManifests(), toFolder('out'));
 * ```
 */
export function addSubtitles(tracks: readonly SubtitleTrack[], options: AddSubtitlesOptions): OperatorFunction<PipelineItem, PipelineItem> {
  return (source) =>
    new Observable<PipelineItem>((subscriber) => {
      // The grid follows the video (audio may run a few ms longer: AAC priming and padding); audio alone otherwise.
      const end = { video: 0, audio: 0 };
      return source.subscribe({
        next(item) {
          if (item.type === 'media-segment') {
            const kind = item.track.kind === 'video' ? 'video' : 'audio';
            end[kind] = Math.max(end[kind], (item.startTime + item.duration) / item.track.timescale);
          }
          subscriber.next(item);
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          const duration = end.video > 0 ? end.video : end.audio;
          if (duration > 0) for (const track of tracks) for (const file of textFiles(track, duration, options.segmentDuration)) subscriber.next(file);
          subscriber.complete();
        },
      });
    });
}

/** The WebVTT segments and the whole file of one track on a presentation of `duration` seconds. */
export function textFiles(track: SubtitleTrack, duration: number, segmentDuration: number): TextFile[] {
  const { id, cues: all, ...info } = track;
  const cues = all.filter((c) => c.start < duration).map((c) => (c.end > duration ? { ...c, end: duration } : c));
  const count = Math.max(1, Math.ceil(duration / segmentDuration - 1e-6));
  const files: TextFile[] = [];
  for (let n = 0; n < count; n++) {
    const start = n * segmentDuration;
    const stop = Math.min(duration, start + segmentDuration);
    const inside = cues.filter((c) => c.start < stop && c.end > start);
    files.push({ type: 'text-file', renditionId: id, role: 'segment', number: n + 1, path: `${id}/seg-${String(n + 1).padStart(5, '0')}.vtt`, data: webvtt(inside, true), start, duration: stop - start, track: info });
  }
  files.push({ type: 'text-file', renditionId: id, role: 'whole', number: 0, path: `${id}/subtitles.vtt`, data: webvtt(cues, false), start: 0, duration, track: info });
  return files;
}

/** A WebVTT file of `cues` (with the HLS timestamp map for segments). */
function webvtt(cues: readonly TextCue[], segment: boolean): string {
  const lines = ['WEBVTT', ...(segment ? ['X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000'] : []), ''];
  for (const cue of cues) {
    lines.push(`${timestamp(cue.start)} --> ${timestamp(cue.end)}${cue.settings ? ` ${cue.settings}` : ''}`, cue.text.replace(/\n\s*\n/g, '\n'), '');
  }
  return lines.join('\n');
}

function timestamp(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}
