import type { TrackInfo } from '../../types/media.js';
import type { Box } from '../box/Box.js';
import { findBox, findBoxes, findPath } from '../box/findBox.js';
import { readBoxes } from '../box/readBoxes.js';
import type { ContainerBox } from '../boxes/container.js';
import type { ElstBox } from '../boxes/elst.js';
import { isobmffError } from '../cursor/isobmffError.js';
import { describeTrak } from '../track/trackInfoFromTrak.js';
import { expandSampleTable } from './expandSampleTable.js';
import type { SampleColumns } from './expandSampleTable.js';

/** One track of a progressive MP4 with its samples. */
export interface Mp4MovieTrack extends SampleColumns {
  readonly track: TrackInfo;
  readonly sampleEntry: Uint8Array;
  /**
   * Composition offsets normalised so the first sample's presentation time equals its decode time: for video the edit
   * list `media_time` (or else the first sample's offset) is subtracted from the raw `ctts` values; for audio only the
   * first sample's offset (an audio edit list is encoder priming, not reordering).
   */
  readonly normalizedCompositionOffsets: Int32Array;
  /** What was subtracted (track timescale units). */
  readonly compositionShift: number;
}

/** What {@link readMp4Movie} found. */
export interface Mp4Movie {
  /** `moov` has `mvex`: samples live in movie fragments, not in these tables. */
  readonly fragmented: boolean;
  readonly tracks: readonly Mp4MovieTrack[];
}

/** The media time of the first non-empty edit (ISO/IEC 14496-12 §8.6.6), if any. */
function editMediaTime(trak: ContainerBox<'trak'>): number | undefined {
  const elst = findPath(trak, 'edts', 'elst') as ElstBox | undefined;
  return elst?.entries.find((e) => e.mediaTime >= 0)?.mediaTime;
}

/**
 * Reads the video and audio tracks of a progressive MP4 `moov` (or a whole small file) with their sample tables
 * expanded into typed arrays. Other tracks (subtitles, timecode, …) are skipped. `fileBytes`, the size of the whole
 * file, bounds what the sample tables may declare (checked before their columns are allocated).
 *
 * @example
 * ```ts
 * declare const moovBytes: Uint8Array; // the moov box of an MP4 file
 * const movie = readMp4Movie(moovBytes);
 * for (const t of movie.tracks) console.log(t.track.codec, t.count);
 * ```
 */
export function readMp4Movie(bytes: Uint8Array, options: { readonly fileBytes?: number } = {}): Mp4Movie {
  const boxes: readonly Box[] = readBoxes(bytes);
  const moov = findBox(boxes, 'moov');
  if (moov === undefined) throw isobmffError('ISOBMFF_INVALID_BOX', 'No moov box found; this is not a complete MP4 movie.');
  const tracks: Mp4MovieTrack[] = [];
  for (const trak of findBoxes(moov, 'trak')) {
    const handler = (findPath(trak, 'mdia', 'hdlr') as { handlerType?: string } | undefined)?.handlerType;
    if (handler !== 'vide' && handler !== 'soun') continue;
    const { track, sampleEntry } = describeTrak(trak);
    const stbl = findPath(trak, 'mdia', 'minf', 'stbl') as ContainerBox<'stbl'> | undefined;
    if (stbl === undefined) throw isobmffError('ISOBMFF_INVALID_BOX', `Track ${track.id} has no stbl.`);
    const columns = expandSampleTable(stbl, track.id, options.fileBytes);
    // Audio has no reordering; its edit list only skips encoder priming (AAC: 1024 samples, ~21 ms). Applied as a
    // composition shift it would give every audio sample a negative offset, which some readers refuse (Shaka
    // Packager does), so audio keeps its own offsets and presents from its first sample.
    const compositionShift = track.kind === 'audio' ? (columns.compositionOffsets[0] ?? 0) : (editMediaTime(trak) ?? columns.compositionOffsets[0] ?? 0);
    const normalizedCompositionOffsets = new Int32Array(columns.count);
    for (let i = 0; i < columns.count; i++) normalizedCompositionOffsets[i] = (columns.compositionOffsets[i] as number) - compositionShift;
    let frameRate: number | undefined;
    const total = columns.count > 0 ? (columns.decodeTimes[columns.count - 1] as number) + (columns.durations[columns.count - 1] as number) : 0;
    if (columns.count > 1 && total === 0) {
      // Every stts delta 0: all samples at one instant, so segments of zero duration and playlists of BANDWIDTH=0.
      throw isobmffError('ISOBMFF_INVALID_BOX', `Track ${track.id}: its ${columns.count} samples all have a duration of 0 (stts); the timing is corrupt. Remux or re-encode the input.`, { trackId: track.id });
    }
    if (track.kind === 'video' && total > 0) frameRate = Math.round((columns.count * track.timescale * 1000) / total) / 1000;
    tracks.push({
      ...columns,
      track: frameRate !== undefined ? { ...track, frameRate } : track,
      sampleEntry, normalizedCompositionOffsets, compositionShift,
    });
  }
  return { fragmented: findBox(moov, 'mvex') !== undefined, tracks };
}
