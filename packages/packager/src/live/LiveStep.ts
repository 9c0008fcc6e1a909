import type { InitSegment, Part, Segment, WarningCode, WarningEvent } from '@ott/core';
import type { LiveSegmentRecord } from './LiveRecords.js';

/** An item a live rendition hands to the stream: a file to store or a warning. */
export type LiveStepItem = InitSegment | Part | Segment | WarningEvent;

/** What one call on a {@link LiveRendition} produced, in order, and what it changed. */
export class LiveStep {
  readonly items: LiveStepItem[] = [];
  /** Parts and segments written. */
  parts = 0;
  segments = 0;
  /** Segments that left the window. */
  readonly evicted: LiveSegmentRecord[] = [];
  /** Part files no longer listed in the playlist. */
  readonly unlistedParts: string[] = [];

  warn(code: WarningCode, message: string): void {
    this.items.push({ type: 'warning', stage: 'packager', code, message });
  }

  /** Appends another step's results. */
  add(other: LiveStep): this {
    this.items.push(...other.items);
    this.parts += other.parts;
    this.segments += other.segments;
    this.evicted.push(...other.evicted);
    this.unlistedParts.push(...other.unlistedParts);
    return this;
  }

  get changed(): boolean {
    return this.parts > 0 || this.segments > 0;
  }
}
