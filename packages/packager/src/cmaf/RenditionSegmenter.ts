import { OttError } from '@ott/core';
import type { Backpressure, CmafFragment, CmafInit, CmafSample, Segment, TrackInfo, WarningEvent } from '@ott/core';
import { buildSegment } from './buildSegment.js';
import { estimateFrameRate } from './estimateFrameRate.js';
import type { SamplePiece } from './buildSegment.js';
import { gridBoundary, nextGridIndex } from './segmentGrid.js';

/** Options of {@link RenditionSegmenter}. */
export interface RenditionSegmenterOptions {
  /** Target segment duration in seconds. */
  readonly segmentDuration: number;
  /** Open each segment with a `styp` box. */
  readonly styp: boolean;
}

/** What the segmenter hands back: finished segments and recoverable problems, in order. */
export type SegmenterOutput = Segment | WarningEvent;

/**
 * Cuts the sample stream of one rendition into segments.
 *
 * Cut rule: boundary k lies at `origin + k × segmentDuration × timescale` (origin = decode time of the first kept
 * sample). Video is cut before the first sync sample whose decode time is at or past the next boundary, audio before
 * the first sample at or past it. Boundaries are absolute, so durations do not drift, and every video rung whose
 * keyframes are aligned is cut at the same instants. After a late cut the next boundary is the first one after it.
 */
export class RenditionSegmenter {
  readonly #init: CmafInit;
  readonly #options: RenditionSegmenterOptions;
  readonly #ticksPerSegment: number;
  readonly #isVideo: boolean;
  #track: TrackInfo;
  #origin: number | undefined;
  #nextBoundary = 1;
  #number = 0;
  #startTime = 0;
  #samples: CmafSample[] = [];
  #pieces: SamplePiece[] = [];
  #nextDecodeTime: number | undefined;
  #flow: Backpressure | undefined;
  #droppedLeading = 0;
  #warnedLong = false;
  #warnedTimeline = false;

  constructor(init: CmafInit, options: RenditionSegmenterOptions) {
    this.#init = init;
    this.#options = options;
    this.#ticksPerSegment = options.segmentDuration * init.track.timescale;
    this.#isVideo = init.track.kind === 'video';
    this.#track = init.track;
  }

  get init(): CmafInit {
    return this.#init;
  }

  /** Takes one fragment; returns the segments it completed (and warnings). */
  push(fragment: CmafFragment): SegmenterOutput[] {
    const out: SegmenterOutput[] = [];
    if (fragment.flow !== undefined) this.#flow = fragment.flow;
    let decodeTime = fragment.baseMediaDecodeTime;
    this.#joinTimeline(decodeTime, out);
    const { data } = fragment;
    let offset = 0;
    let pieceStart = 0;
    for (const sample of fragment.samples) {
      if (offset + sample.size > data.byteLength) throw this.#overrun(fragment);
      if (this.#origin === undefined) {
        if (this.#isVideo && !sample.isSync) {
          this.#droppedLeading++;
          offset += sample.size;
          decodeTime += sample.duration;
          pieceStart = offset;
          continue;
        }
        this.#origin = decodeTime;
        this.#startTime = decodeTime;
        if (this.#droppedLeading > 0) out.push(this.#leadingWarning());
      } else if (this.#isCut(sample, decodeTime)) {
        this.#pieces.push({ data, start: pieceStart, end: offset });
        pieceStart = offset;
        out.push(this.#emit());
        this.#startTime = decodeTime;
        this.#nextBoundary = nextGridIndex(this.#origin, decodeTime, this.#ticksPerSegment);
      }
      this.#samples.push(sample);
      offset += sample.size;
      decodeTime += sample.duration;
      if (!this.#warnedLong && decodeTime - this.#startTime > 3 * this.#ticksPerSegment) out.push(this.#longWarning());
    }
    if (offset > pieceStart) this.#pieces.push({ data, start: pieceStart, end: offset });
    this.#nextDecodeTime = decodeTime;
    return out;
  }

  /** Emits the last, partial segment (call once, when the input ends). */
  flush(): SegmenterOutput[] {
    if (this.#origin === undefined && this.#droppedLeading > 0) {
      throw new OttError(
        'PACKAGE_NO_KEYFRAME',
        `Rendition "${this.#init.renditionId}" ended without any keyframe (${this.#droppedLeading} non-sync samples ` +
          'dropped): a video segment must start with a sync sample. Check the encoder settings (closed GOPs, keyint).',
        { stage: 'packager', details: { renditionId: this.#init.renditionId, dropped: this.#droppedLeading } },
      );
    }
    return this.#samples.length > 0 ? [this.#emit()] : [];
  }

  #isCut(sample: CmafSample, decodeTime: number): boolean {
    if (this.#samples.length === 0 || this.#origin === undefined) return false;
    if (this.#isVideo && !sample.isSync) return false;
    return decodeTime >= gridBoundary(this.#origin, this.#nextBoundary, this.#ticksPerSegment);
  }

  #emit(): Segment {
    this.#number++;
    if (this.#isVideo && this.#track.frameRate === undefined) {
      // Estimated once, from the first segment, so every segment of the rendition carries the same track.
      const frameRate = estimateFrameRate(this.#samples, this.#track.timescale);
      if (frameRate !== undefined) this.#track = { ...this.#track, frameRate };
    }
    const segment = buildSegment({
      renditionId: this.#init.renditionId,
      track: this.#track,
      number: this.#number,
      startTime: this.#startTime,
      samples: this.#samples,
      pieces: this.#pieces,
      styp: this.#options.styp,
      ...(this.#flow === undefined ? {} : { flow: this.#flow }),
    });
    this.#samples = [];
    this.#pieces = [];
    return segment;
  }

  /**
   * A fragment whose decode time does not continue the previous one: the gap (or overlap) is absorbed into the
   * duration of the last pending sample, because a segment has one `tfdt` and its samples are laid end to end.
   */
  #joinTimeline(decodeTime: number, out: SegmenterOutput[]): void {
    const expected = this.#nextDecodeTime;
    const last = this.#samples[this.#samples.length - 1];
    if (expected === undefined || decodeTime === expected || last === undefined) return;
    const duration = last.duration + (decodeTime - expected);
    if (duration > 0) this.#samples[this.#samples.length - 1] = { ...last, duration };
    if (!this.#warnedTimeline) {
      this.#warnedTimeline = true;
      out.push({
        type: 'warning',
        stage: 'packager',
        code: 'PACKAGE_TIMELINE_GAP',
        message:
          `Rendition "${this.#init.renditionId}": a fragment starts at decode time ${decodeTime} but the previous one ` +
          `ended at ${expected} (timescale ${this.#init.track.timescale}); ` +
          (duration > 0 ? 'the previous sample was stretched to close the gap.' : 'the overlap could not be absorbed.'),
      });
    }
  }

  #leadingWarning(): WarningEvent {
    return {
      type: 'warning',
      stage: 'packager',
      code: 'PACKAGE_LEADING_NON_SYNC',
      message:
        `Rendition "${this.#init.renditionId}": dropped ${this.#droppedLeading} video sample(s) before the first ` +
        'keyframe (a segment must start with a sync sample).',
    };
  }

  #longWarning(): WarningEvent {
    this.#warnedLong = true;
    const seconds = this.#options.segmentDuration;
    return {
      type: 'warning',
      stage: 'packager',
      code: 'PACKAGE_LONG_SEGMENT',
      message:
        `Rendition "${this.#init.renditionId}": segment ${this.#number + 1} is longer than 3 × the ${seconds} s target ` +
        'because no keyframe came; set the encoder keyframe interval to a divisor of the segment duration.',
    };
  }

  #overrun(fragment: CmafFragment): OttError {
    return new OttError(
      'PACKAGE_INVALID_INPUT',
      `Fragment of rendition "${fragment.renditionId}" has ${fragment.data.byteLength} data bytes but its sample ` +
        'sizes add up to more; the fragment is truncated or its sample table is wrong.',
      { stage: 'packager', details: { renditionId: fragment.renditionId } },
    );
  }
}
