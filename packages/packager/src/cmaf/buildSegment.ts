import { segmentPath, writeCmafFragmentHeader } from '@ott/core';
import type { Backpressure, CmafSample, Segment, TrackInfo } from '@ott/core';
import { writeStyp } from './writeStyp.js';

/** A byte range of one fragment's sample data that belongs to a segment. */
export interface SamplePiece {
  readonly data: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/** What {@link buildSegment} needs to assemble one media segment. */
export interface SegmentParts {
  readonly renditionId: string;
  readonly track: TrackInfo;
  readonly number: number;
  /** Decode time of the first sample. */
  readonly startTime: number;
  readonly samples: readonly CmafSample[];
  readonly pieces: readonly SamplePiece[];
  readonly styp: boolean;
  readonly flow?: Backpressure;
}

/**
 * Assembles a {@link Segment}: `styp`, then one `moof` + `mdat` header, then the sample bytes as subarrays of the
 * fragments they came from (no copy). The `tfhd` track id is the init's track id, not the upstream fragment's:
 * each CMAF track file has exactly one track (ISO/IEC 23000-19 §7.3.2.2), and `tfhd` must match its `tkhd`/`trex`.
 */
export function buildSegment(parts: SegmentParts): Segment {
  const { samples, startTime, number, track } = parts;
  const first = samples[0];
  if (first === undefined) throw new RangeError('buildSegment: a segment needs at least one sample');
  const header = writeCmafFragmentHeader({
    sequenceNumber: number,
    trackId: track.id,
    baseMediaDecodeTime: startTime,
    samples,
  });
  const chunks: Uint8Array[] = parts.styp ? [writeStyp(), header] : [header];
  for (const piece of parts.pieces) {
    if (piece.end > piece.start) chunks.push(piece.data.subarray(piece.start, piece.end));
  }
  let duration = 0;
  for (const sample of samples) duration += sample.duration;
  let byteLength = 0;
  for (const chunk of chunks) byteLength += chunk.byteLength;
  const segment: Segment = {
    type: 'media-segment',
    renditionId: parts.renditionId,
    track,
    number,
    startTime,
    duration,
    presentationTime: startTime + first.compositionTimeOffset,
    startsWithKeyframe: first.isSync,
    path: segmentPath(parts.renditionId, number),
    chunks,
    byteLength,
    samples,
    sequenceNumber: number,
  };
  return parts.flow === undefined ? segment : { ...segment, flow: parts.flow };
}
