import { segmentPath } from '@ott/core';
import type { Backpressure, CmafSample, Part, Segment, TrackInfo } from '@ott/core';
import { buildSegment } from './buildSegment.js';
import type { SamplePiece } from './buildSegment.js';
import { buildPart } from './buildPart.js';
import type { LiveInitRecord, LivePartRecord, LiveSegmentRecord } from '../live/LiveRecords.js';

/** What is known of a segment when its first sample arrives. */
export interface SegmentStart {
  readonly renditionId: string;
  readonly number: number;
  /** Decode time of the first sample. */
  readonly startTime: number;
  readonly presentationTime: number;
  readonly programDateTime: number;
  readonly session: number;
  readonly discontinuity: boolean;
  readonly init: LiveInitRecord;
  readonly startsWithKeyframe: boolean;
}


/**
 * One live segment being built: the parts already written (their chunks kept, so the segment file is their exact
 * concatenation) and the samples of the part still open, as byte ranges of the fragments they came from.
 */
export class SegmentBuilder {
  readonly start: SegmentStart;
  readonly parts: LivePartRecord[] = [];
  /** Every sample so far (for the frame-rate estimate). */
  readonly samples: CmafSample[] = [];
  readonly #chunks: Uint8Array[] = [];
  #byteLength = 0;
  #endTime: number;
  #pending: CmafSample[] = [];
  #pieces: SamplePiece[] = [];
  #pendingStart: number;
  #pendingDuration = 0;

  constructor(start: SegmentStart) {
    this.start = start;
    this.#endTime = start.startTime;
    this.#pendingStart = start.startTime;
  }

  get number(): number {
    return this.start.number;
  }

  /** Decode time after the last sample. */
  get endTime(): number {
    return this.#endTime;
  }

  get pendingDuration(): number {
    return this.#pendingDuration;
  }

  /** The open part starts with a sync sample (an INDEPENDENT part). */
  get pendingIndependent(): boolean {
    return this.#pending[0]?.isSync === true;
  }

  get hasPending(): boolean {
    return this.#pending.length > 0;
  }

  add(sample: CmafSample): void {
    this.#pending.push(sample);
    this.samples.push(sample);
    this.#pendingDuration += sample.duration;
    this.#endTime += sample.duration;
  }

  addPiece(piece: SamplePiece): void {
    if (piece.end > piece.start) this.#pieces.push(piece);
  }

  /**
   * The next fragment starts at `t`, after `endTime`: the gap goes into the last sample not yet written (a written
   * part cannot change), or, when every sample is written, the next part simply starts later (its own `tfdt`).
   */
  bridge(t: number): void {
    const gap = t - this.#endTime;
    if (gap <= 0) return;
    const last = this.#pending[this.#pending.length - 1];
    if (last !== undefined) {
      const stretched = { ...last, duration: last.duration + gap };
      this.#pending[this.#pending.length - 1] = stretched;
      this.samples[this.samples.length - 1] = stretched;
      this.#pendingDuration += gap;
    } else {
      this.#pendingStart = t;
    }
    this.#endTime = t;
  }

  /** Writes the open part's samples as a part file (one `moof` + `mdat`). */
  closePart(track: TrackInfo, sequenceNumber: number, flow: Backpressure | undefined): Part | undefined {
    if (this.#pending.length === 0) return undefined;
    const part = buildPart({
      renditionId: this.start.renditionId,
      track,
      segmentNumber: this.start.number,
      index: this.parts.length,
      sequenceNumber,
      startTime: this.#pendingStart,
      samples: this.#pending,
      pieces: this.#pieces,
      ...(flow === undefined ? {} : { flow }),
    });
    this.parts.push({ index: part.index, path: part.path, duration: part.duration, independent: part.independent });
    this.#chunks.push(...part.chunks);
    this.#byteLength += part.byteLength;
    this.#pendingStart += this.#pendingDuration;
    this.#pending = [];
    this.#pieces = [];
    this.#pendingDuration = 0;
    return part;
  }

  /**
   * The segment file. With parts: their concatenation (close the last part first). Without: one `styp` + `moof` +
   * `mdat` of every sample, like a VOD segment.
   */
  toSegment(track: TrackInfo, withParts: boolean, flow: Backpressure | undefined): Segment {
    const { start } = this;
    if (!withParts) {
      return buildSegment({
        renditionId: start.renditionId,
        track,
        number: start.number,
        startTime: start.startTime,
        samples: this.#pending,
        pieces: this.#pieces,
        styp: true,
        ...(flow === undefined ? {} : { flow }),
      });
    }
    const segment: Segment = {
      type: 'media-segment',
      renditionId: start.renditionId,
      track,
      number: start.number,
      startTime: start.startTime,
      duration: this.#endTime - start.startTime,
      presentationTime: start.presentationTime,
      startsWithKeyframe: start.startsWithKeyframe,
      path: segmentPath(start.renditionId, start.number),
      chunks: this.#chunks,
      byteLength: this.#byteLength,
    };
    return flow === undefined ? segment : { ...segment, flow };
  }

  /** What manifests list of this segment; `duration` defaults to what is written so far (its parts). */
  record(duration = this.#partsDuration(), byteLength = this.#byteLength): LiveSegmentRecord {
    const { start } = this;
    return {
      number: start.number,
      path: segmentPath(start.renditionId, start.number),
      startTime: start.startTime,
      presentationTime: start.presentationTime,
      duration,
      byteLength,
      startsWithKeyframe: start.startsWithKeyframe,
      session: start.session,
      discontinuity: start.discontinuity,
      init: start.init,
      programDateTime: start.programDateTime,
      parts: [...this.parts],
    };
  }

  #partsDuration(): number {
    let total = 0;
    for (const part of this.parts) total += part.duration;
    return total;
  }
}
