import { partPath, writeCmafFragmentHeader } from '@ott/core';
import type { Backpressure, CmafSample, Part, TrackInfo } from '@ott/core';
import type { SamplePiece } from './buildSegment.js';

/** What {@link buildPart} needs to assemble one part. */
export interface PartInput {
  readonly renditionId: string;
  readonly track: TrackInfo;
  readonly segmentNumber: number;
  readonly index: number;
  /** `mfhd` sequence number: increases by one per `moof` of the rendition. */
  readonly sequenceNumber: number;
  /** Decode time of the first sample. */
  readonly startTime: number;
  readonly samples: readonly CmafSample[];
  readonly pieces: readonly SamplePiece[];
  readonly flow?: Backpressure;
}

/**
 * Assembles a {@link Part}: one `moof` + `mdat` (CMAF chunk, ISO/IEC 23000-19 §7.3.2.3) whose sample bytes are
 * subarrays of the fragments they came from (no copy). A segment is the concatenation of its parts, so the part
 * carries no `styp`: a `styp` may only open a segment, and the segment file must equal its parts byte for byte.
 */
export function buildPart(input: PartInput): Part {
  const { samples, track } = input;
  const first = samples[0];
  if (first === undefined) throw new RangeError('buildPart: a part needs at least one sample');
  const header = writeCmafFragmentHeader({
    sequenceNumber: input.sequenceNumber,
    trackId: track.id,
    baseMediaDecodeTime: input.startTime,
    samples,
  });
  const chunks: Uint8Array[] = [header];
  for (const piece of input.pieces) if (piece.end > piece.start) chunks.push(piece.data.subarray(piece.start, piece.end));
  let duration = 0;
  for (const sample of samples) duration += sample.duration;
  let byteLength = 0;
  for (const chunk of chunks) byteLength += chunk.byteLength;
  const part: Part = {
    type: 'media-part',
    renditionId: input.renditionId,
    track,
    segmentNumber: input.segmentNumber,
    index: input.index,
    startTime: input.startTime,
    duration,
    independent: first.isSync,
    path: partPath(input.renditionId, input.segmentNumber, input.index),
    chunks,
    byteLength,
  };
  return input.flow === undefined ? part : { ...part, flow: input.flow };
}
