import { initPath, OttError, sessionInitPath, writeCmafInit } from '@ott/core';
import type { Backpressure, CmafFragment, CmafInit, CmafSample, InitSegment, LiveSession, TrackInfo } from '@ott/core';
import { estimateFrameRate } from '../cmaf/estimateFrameRate.js';
import { LiveStep } from './LiveStep.js';
import { LiveWindow } from './LiveWindow.js';
import type { WindowPolicy } from './LiveWindow.js';
import type { LiveInitRecord, LiveRenditionState } from './LiveRecords.js';
import { SegmentBuilder } from '../cmaf/SegmentBuilder.js';
import { sameBytes } from './sameBytes.js';
import { SegmentGrid } from '../cmaf/segmentGrid.js';

/** Options of {@link LiveRendition}. */
export interface LiveRenditionOptions extends WindowPolicy {
  readonly segmentDuration: number;
  readonly partTarget: number;
  readonly ll: boolean;
}

/** RFC 8216bis §4.4.4.9: a part lasts at least 85 % of PART-TARGET unless it is INDEPENDENT or the last of its segment. */
const MIN_PART_SHARE = 0.85;
/** The first part of a segment is not written at a fragment end below this share of PART-TARGET (see #afterFragment). */
const FIRST_PART_SHARE = 0.5;
/** A keyframe this close before a boundary (share of the segment duration) still cuts there: timestamp jitter. */
const CUT_TOLERANCE = 0.05;

/**
 * Cuts the sample stream of one live rendition into parts and segments. Segment boundaries lie on a grid anchored at
 * the start of each publisher session (`LiveSession.mediaTimeSeconds`): video cuts on the first keyframe at (or just
 * before) a boundary, audio on the first sample at or after it, and an audio segment is complete as soon as its
 * samples reach the boundary. With low latency, samples are grouped into parts of at most PART-TARGET, a part being
 * written as soon as it is full (or, at a fragment end, at least 85 % full); the segment file is its parts, concatenated.
 */
export class LiveRendition {
  readonly renditionId: string;
  readonly #options: LiveRenditionOptions;
  readonly #isVideo: boolean;
  readonly #window: LiveWindow;
  readonly #partTicks: number;
  readonly #grid: SegmentGrid;
  #sampleEntry: Uint8Array;
  #init: LiveInitRecord;
  #initVersions = 1;
  #track: TrackInfo;
  #session: LiveSession;
  #number = 0;
  #sequence = 0;
  #sessionSegments = 0;
  #open: SegmentBuilder | undefined;
  #nextDecodeTime: number | undefined;
  #discontinuity = false;
  #dropped = 0;
  #flow: Backpressure | undefined;
  #lastSampleDuration = 0;
  #warnedGap = false;
  #warnedLong = false;

  constructor(init: CmafInit, options: LiveRenditionOptions, session: LiveSession) {
    this.renditionId = init.renditionId;
    this.#options = options;
    this.#isVideo = init.track.kind === 'video';
    this.#window = new LiveWindow(options);
    this.#sampleEntry = init.sampleEntry;
    this.#track = init.track;
    this.#init = { path: initPath(init.renditionId), track: init.track, session: session.session };
    this.#session = session;
    const { timescale } = init.track;
    this.#partTicks = options.ll ? options.partTarget * timescale : Infinity;
    const segmentTicks = options.segmentDuration * timescale;
    this.#grid = new SegmentGrid(segmentTicks, this.#isVideo ? CUT_TOLERANCE * segmentTicks : 0);
  }

  /** Track of the current init (with the estimated frame rate once known). */
  get track(): TrackInfo {
    return this.#track;
  }

  /** Every segment since the start (for the final VOD playlists), and the window's view of them. */
  get window(): LiveWindow {
    return this.#window;
  }

  /** Where this rendition's media ends so far, in seconds. */
  get edgeSeconds(): number {
    return (this.#nextDecodeTime ?? 0) / this.#track.timescale;
  }

  /** Segments of the current session so far, the one in progress included. */
  get sessionSegments(): number {
    return this.#sessionSegments;
  }

  /** Whether the segment in progress exists and none of its parts was written yet. */
  get openUnpublished(): boolean {
    return this.#open !== undefined && this.#open.parts.length === 0;
  }

  /** Seconds of media in the segment in progress (0 when none). */
  openSeconds(): number {
    const open = this.#open;
    return open === undefined ? 0 : (open.endTime - open.start.startTime) / this.#track.timescale;
  }

  /** The file of the current init. */
  initSegment(): InitSegment {
    const { track, path } = this.#init;
    return { type: 'init-segment', renditionId: this.renditionId, track, path, data: writeCmafInit({ track, sampleEntry: this.#sampleEntry }) };
  }

  /**
   * A `cmaf-init` for a rendition already known: the same bytes are ignored; a different decoder set-up gets its own
   * file (`init-<n>.mp4`) and, like a new session, a discontinuity at the next segment (a new `EXT-X-MAP`).
   */
  acceptInit(init: CmafInit): LiveStep {
    const step = new LiveStep();
    if (sameBytes(init.sampleEntry, this.#sampleEntry)) return step;
    this.#closeSegment(step);
    this.#initVersions++;
    this.#sampleEntry = init.sampleEntry;
    this.#track = init.track;
    this.#init = { path: sessionInitPath(this.renditionId, this.#initVersions), track: init.track, session: this.#session.session };
    this.#discontinuity = this.#number > 0;
    step.items.push(this.initSegment());
    return step;
  }

  /** A new publisher session: closes the segment in progress and restarts the grid (and, for video, waits for a keyframe). */
  startSession(session: LiveSession): LiveStep {
    const step = new LiveStep();
    this.#closeSegment(step);
    this.#session = session;
    this.#grid.reset();
    this.#sessionSegments = 0;
    this.#nextDecodeTime = undefined;
    if (session.discontinuity && this.#number > 0) this.#discontinuity = true;
    return step;
  }

  /** Takes one fragment; returns the parts and segments it completed. */
  push(fragment: CmafFragment): LiveStep {
    const step = new LiveStep();
    if (fragment.flow !== undefined) this.#flow = fragment.flow;
    let t = fragment.baseMediaDecodeTime;
    this.#joinTimeline(t, step);
    const { data } = fragment;
    let offset = 0;
    let pieceStart = 0;
    const takePiece = (): void => {
      this.#open?.addPiece({ data, start: pieceStart, end: offset });
      pieceStart = offset;
    };
    for (const sample of fragment.samples) {
      if (offset + sample.size > data.byteLength) throw this.#overrun();
      const open = this.#open;
      if (open === undefined) {
        if (this.#isVideo && !sample.isSync) {
          this.#dropped++;
          offset += sample.size;
          pieceStart = offset;
          t += sample.duration;
          continue;
        }
        this.#startSegment(t, sample, step);
      } else if (this.#isCut(sample, t)) {
        takePiece();
        this.#closeSegment(step);
        this.#startSegment(t, sample, step);
      } else if (open.pendingDuration > 0 && open.pendingDuration + sample.duration > this.#partTicks) {
        takePiece();
        this.#closePart(step);
      }
      (this.#open as SegmentBuilder | undefined)?.add(sample);
      offset += sample.size;
      t += sample.duration;
      this.#lastSampleDuration = sample.duration;
    }
    takePiece();
    this.#nextDecodeTime = t;
    this.#afterFragment(step);
    return step;
  }

  /** Closes the segment in progress (end of the session or of the stream). */
  flush(): LiveStep {
    const step = new LiveStep();
    this.#closeSegment(step);
    if (this.#number === 0 && this.#dropped > 0) {
      step.warn('PACKAGE_NO_KEYFRAME', `Rendition "${this.renditionId}" ended without any keyframe (${this.#dropped} samples dropped).`);
    }
    return step;
  }

  /**
   * Drops the segment in progress when none of its parts was written yet (so no playlist named it): used to drop the
   * sliver of media one rendition has past the last boundary when a session ends, which would otherwise shift its
   * segment numbers against the other renditions'.
   */
  dropUnpublishedOpen(): boolean {
    if (!this.openUnpublished) return false;
    this.#open = undefined;
    this.#number--;
    this.#sessionSegments--;
    return true;
  }

  /**
   * The last part written (`EXT-X-RENDITION-REPORT` LAST-MSN / LAST-PART, RFC 8216bis §4.4.5.4): of the segment in
   * progress, else of the last complete segment. Cheap: other renditions' playlists ask for it on every rewrite.
   */
  lastPart(): { readonly msn: number; readonly part: number } | undefined {
    const open = this.#open;
    if (open !== undefined && open.parts.length > 0) return { msn: open.number, part: open.parts.length - 1 };
    const last = this.#window.last();
    return last === undefined ? undefined : { msn: last.number, part: Math.max(0, last.parts.length - 1) };
  }

  /** Number of the segment in progress once a part of it is written (the low-latency MPD announces it then). */
  get announcedOpen(): number | undefined {
    const open = this.#open;
    return open !== undefined && open.parts.length > 0 ? open.number : undefined;
  }

  /** What the playlists and the MPD need now. */
  state(): LiveRenditionState {
    const open = this.#open;
    return {
      renditionId: this.renditionId,
      track: this.#track,
      segments: this.#window.listed(),
      open: open?.record(),
      next: this.#nextPart(),
      discontinuitySequence: this.#window.discontinuitySequence,
      expectedOpenDuration: open === undefined ? undefined : this.#expectedDuration(open),
    };
  }

  /**
   * The part the preload hint names: the next one of the segment in progress, or part 0 of the next segment when the
   * written parts already reach the boundary (the segment ends at the keyframe that comes next).
   */
  #nextPart(): { segmentNumber: number; index: number } {
    const open = this.#open;
    if (open === undefined) return { segmentNumber: this.#number + 1, index: 0 };
    // Only a segment that reaches its boundary to within half a frame is surely complete: one a few frames short (25 fps
    // parts of 12 frames end 2 frames before a 2 s boundary) still gets a last, short part before the keyframe.
    const slack = Math.min(this.#grid.toleranceTicks, this.#lastSampleDuration / 2);
    const complete = !open.hasPending && this.#grid.origin !== undefined && open.endTime >= this.#grid.boundary() - slack;
    return complete ? { segmentNumber: open.number + 1, index: 0 } : { segmentNumber: open.number, index: open.parts.length };
  }

  #startSegment(t: number, sample: CmafSample, step: LiveStep): void {
    const { timescale } = this.#track;
    if (this.#grid.origin === undefined) {
      const anchor = Math.round(this.#session.mediaTimeSeconds * timescale);
      // The grid starts at the session start; a first sample far from it (no keyframe there) anchors it instead.
      this.#grid.anchor(Math.abs(anchor - t) < this.#grid.segmentTicks ? anchor : t, t);
    }
    if (this.#dropped > 0 && this.#sessionSegments === 0) {
      step.warn('PACKAGE_LEADING_NON_SYNC', `Rendition "${this.renditionId}": dropped ${this.#dropped} video sample(s) before the first keyframe.`);
    }
    this.#dropped = 0;
    this.#number++;
    this.#sessionSegments++;
    const presentationTime = t + sample.compositionTimeOffset;
    this.#open = new SegmentBuilder({
      renditionId: this.renditionId,
      number: this.#number,
      startTime: t,
      presentationTime,
      programDateTime: Math.round(this.#session.wallClock + (presentationTime / timescale - this.#session.mediaTimeSeconds) * 1000),
      session: this.#session.session,
      discontinuity: this.#discontinuity,
      init: this.#init,
      startsWithKeyframe: sample.isSync,
    });
    this.#discontinuity = false;
  }

  #isCut(sample: CmafSample, t: number): boolean {
    if (this.#grid.origin === undefined) return false;
    if (this.#isVideo) return sample.isSync && t >= this.#grid.boundary() - this.#grid.toleranceTicks;
    return t >= this.#grid.boundary();
  }

  #afterFragment(step: LiveStep): void {
    const open = this.#open;
    if (open === undefined) return;
    const end = open.endTime;
    if (!this.#isVideo && end >= this.#grid.boundary()) {
      // Audio: the next sample starts at or after the boundary, so the segment is complete now.
      this.#closeSegment(step);
      return;
    }
    // A part goes out at the end of the fragment that filled it. A shorter one waits for the next fragment, unless it
    // is exempt from the 85 % minimum anyway: INDEPENDENT (every audio part) or the last of its segment. The first
    // part of a segment also waits while it is a sliver: if the session ends there, it can still be dropped.
    const duration = open.pendingDuration;
    const independent = open.pendingIndependent && (open.parts.length > 0 || duration >= FIRST_PART_SHARE * this.#partTicks);
    if (duration > 0 && (independent || duration >= MIN_PART_SHARE * this.#partTicks || end >= this.#grid.boundary() - this.#grid.toleranceTicks)) {
      this.#closePart(step);
    }
    if (!this.#warnedLong && end - open.start.startTime > (this.#options.targetDuration + 0.5) * this.#track.timescale) {
      this.#warnedLong = true;
      step.warn(
        'PACKAGE_LONG_SEGMENT',
        `Rendition "${this.renditionId}": segment ${open.number} runs past the ${this.#options.targetDuration} s target duration ` +
          `because no keyframe came at ${this.#options.segmentDuration} s; force keyframes every segmentDuration from the session start.`,
      );
    }
  }

  /** Writes the pending samples as a part (low latency only; otherwise they wait for the whole segment). */
  #closePart(step: LiveStep): void {
    if (!this.#options.ll || this.#open === undefined || !this.#open.hasPending) return;
    const part = this.#open.closePart(this.#track, ++this.#sequence, this.#flow);
    if (part === undefined) return;
    step.items.push(part);
    step.parts++;
  }

  #closeSegment(step: LiveStep): void {
    const open = this.#open;
    if (open === undefined) return;
    this.#closePart(step);
    this.#estimateFrameRate(open);
    const segment = open.toSegment(this.#track, this.#options.ll, this.#flow);
    this.#open = undefined;
    this.#grid.advanceFrom(open.endTime);
    const change = this.#window.add(open.record(segment.duration, segment.byteLength), open.endTime / this.#track.timescale);
    step.items.push(segment);
    step.segments++;
    step.evicted.push(...change.evicted);
    step.unlistedParts.push(...change.unlistedParts);
  }

  /**
   * How long the segment in progress should last: video runs to its next keyframe, one segment duration after the one
   * that opened it (keyframes come every segmentDuration); audio to its first sample at or after the boundary.
   */
  #expectedDuration(open: SegmentBuilder): number {
    const known = open.endTime - open.start.startTime;
    const step = this.#lastSampleDuration;
    if (this.#grid.origin === undefined || step <= 0) return Math.max(known, this.#grid.segmentTicks);
    const target = this.#isVideo ? this.#grid.segmentTicks : this.#grid.boundary() - open.start.startTime;
    return Math.max(known, Math.ceil(target / step - 1e-9) * step);
  }

  /** Fragmented MP4 has no frame rate: estimated once, from the first segment, so manifests can announce it. */
  #estimateFrameRate(open: SegmentBuilder): void {
    if (!this.#isVideo || this.#track.frameRate !== undefined) return;
    const frameRate = estimateFrameRate(open.samples, this.#track.timescale);
    if (frameRate !== undefined) this.#track = { ...this.#track, frameRate };
  }

  /** Within a session the fragments should follow each other; a gap is bridged (see SegmentBuilder.bridge) and reported once. */
  #joinTimeline(t: number, step: LiveStep): void {
    const expected = this.#nextDecodeTime;
    if (expected === undefined || t === expected) return;
    this.#open?.bridge(t);
    if (this.#warnedGap) return;
    this.#warnedGap = true;
    step.warn(
      'PACKAGE_TIMELINE_GAP',
      `Rendition "${this.renditionId}": a fragment starts at decode time ${t} but the previous one ended at ${expected} ` +
        `(timescale ${this.#track.timescale}).`,
    );
  }

  #overrun(): OttError {
    return new OttError(
      'PACKAGE_INVALID_INPUT',
      `A fragment of rendition "${this.renditionId}" has fewer data bytes than its sample sizes add up to; the fragment ` +
        'is truncated or its sample table is wrong.',
      { stage: 'packager', details: { renditionId: this.renditionId } },
    );
  }
}
