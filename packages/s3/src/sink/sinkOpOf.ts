import { isPublishBarrier, publishChunksOf, publishFlowOf, publishKindOf, publishedEventOf } from '@ott/core';
import type { Backpressure, PublishItem, PublishTask } from '@ott/core';
import { objectKey } from '../client/objectKey.js';
import type { SpoolEntry } from '../spool/SpoolEntry.js';

/** One item the sink has accepted: what to do with which key, its bytes, and the producer to report them to. */
export interface SinkOp extends PublishTask {
  readonly entry: SpoolEntry;
  readonly chunks: readonly Uint8Array[];
  readonly bytes: number;
  readonly flow?: Backpressure;
}

/** Running byte offsets of LL parts within their segment, per `renditionId#segmentNumber`. */
export type PartOffsets = Map<string, number>;

/**
 * Turns an output item into a {@link SinkOp} numbered `seq`. Parts get their byte offset within their segment (a
 * segment is the concatenation of its parts, in order), so a spool can later cut a part out of its segment.
 * Throws for a path that would leave the prefix.
 */
export function sinkOpOf(item: PublishItem, seq: number, prefix: string, offsets: PartOffsets): SinkOp {
  const key = objectKey(prefix, item.path);
  const barrier = isPublishBarrier(item);
  if (item.type === 'remove-file') return { entry: { op: 'del', seq, key, path: item.path }, chunks: [], bytes: 0, barrier };
  const chunks = publishChunksOf(item);
  const size = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const base = { op: 'put' as const, seq, key, path: item.path, kind: publishKindOf(item), size, order: seq };
  const event = publishedEventOf(item, size);
  const withEvent = event === undefined ? base : { ...base, event };
  const flow = publishFlowOf(item);
  const common = { chunks, bytes: size, barrier, ...(flow ? { flow } : {}) };
  if (item.type === 'media-part') {
    const id = `${item.renditionId}#${item.segmentNumber}`;
    const offset = item.index === 0 ? 0 : (offsets.get(id) ?? -1);
    offsets.set(id, offset < 0 ? -1 : offset + size);
    const part = offset < 0 ? {} : { part: { renditionId: item.renditionId, segmentNumber: item.segmentNumber, offset } };
    return { entry: { ...withEvent, ...part }, ...common };
  }
  if (item.type === 'media-segment') {
    offsets.delete(`${item.renditionId}#${item.number}`);
    return { entry: { ...withEvent, segment: { renditionId: item.renditionId, number: item.number } }, ...common };
  }
  return { entry: withEvent, ...common };
}
