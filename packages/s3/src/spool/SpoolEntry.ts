import type { ManifestEvent, SegmentEvent } from '@ott/core';
import type { S3FileKind } from '../S3SinkOptions.js';

/** An object to upload, as the sink queues it and the spool journal records it. */
export interface SpoolPut {
  readonly op: 'put';
  /** Arrival number of the item: the order of everything the sink stores. */
  readonly seq: number;
  readonly key: string;
  /** The item's output path (relative to the prefix). */
  readonly path: string;
  readonly kind: S3FileKind;
  readonly size: number;
  /**
   * Where the object stands in the upload order: its own `seq`, or for a manifest the `seq` of the oldest spooled
   * version it replaced (a media playlist first spooled before the multivariant playlist stays before it).
   */
  readonly order: number;
  /** The event to emit once the object is in the bucket. */
  readonly event?: SegmentEvent | ManifestEvent;
  /** An LL part: its segment and its byte offset in that segment (a segment is the concatenation of its parts). */
  readonly part?: { readonly renditionId: string; readonly segmentNumber: number; readonly offset: number };
  /** A media segment: what its parts name. */
  readonly segment?: { readonly renditionId: string; readonly number: number };
  /** A part whose spooled copy was dropped: its bytes are this range of the spooled segment `seq`. */
  readonly source?: { readonly seq: number; readonly offset: number };
}

/** An object to delete once everything before it is stored. */
export interface SpoolDelete {
  readonly op: 'del';
  readonly seq: number;
  readonly key: string;
  readonly path: string;
}

/** One pending operation of the sink. */
export type SpoolEntry = SpoolPut | SpoolDelete;

/** A journal line: an entry, entries finished (uploaded, deleted or made unnecessary), or a part re-pointed at its segment. */
export type JournalLine =
  | SpoolEntry
  | { readonly op: 'done'; readonly seqs: readonly number[] }
  | { readonly op: 'slice'; readonly seq: number; readonly from: number; readonly offset: number };
