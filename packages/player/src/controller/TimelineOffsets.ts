import type { SegmentRef } from '../manifest/Presentation.js';
import type { InitInfo } from '../mp4/readInit.js';

/** Timelines whose offsets differ by less than this continue each other (no re-anchoring). */
const CONTINUITY_TOLERANCE = 0.5;

/**
 * The SourceBuffer `timestampOffset` of each discontinuity (HLS) or period (DASH), shared by audio and video so they
 * stay in sync: `manifest start − tfdt` of the first segment appended from that timeline.
 */
export class TimelineOffsets {
  private readonly offsets = new Map<number, number>();
  private last: number | undefined;

  /**
   * The offset for `segment`; `isNew` when its timeline was not seen before. VOD offsets under 1 s are rounding and
   * become 0. Live, a new timeline whose media continues the previous one (an encoder that rebases reconnecting
   * publishers onto one timeline) keeps the previous offset: re-anchoring on rounded EXTINF sums would leave tiny
   * gaps or overlaps.
   */
  offsetFor(segment: SegmentRef, info: InitInfo, decodeTimes: ReadonlyMap<number, number>, live: boolean): { offset: number; isNew: boolean } {
    const known = this.offsets.get(segment.timeline);
    if (known !== undefined) return { offset: known, isNew: false };
    const track = info.tracks.find((t) => decodeTimes.has(t.trackId));
    let offset = track ? segment.start - (decodeTimes.get(track.trackId) ?? 0) / track.timescale : 0;
    if (!live && Math.abs(offset) < 1) offset = 0;
    if (live && this.last !== undefined && Math.abs(offset - this.last) < CONTINUITY_TOLERANCE) offset = this.last;
    const isNew = this.offsets.size > 0;
    this.offsets.set(segment.timeline, offset);
    this.last = offset;
    return { offset, isNew };
  }
}
