import type { Backpressure, ManifestEvent, OutputFile, RemoveFile, SegmentEvent } from '@ott/core';
import { objectKey } from '../client/objectKey.js';
import type { S3FileKind } from '../S3SinkOptions.js';
import type { SpoolEntry } from '../spool/SpoolEntry.js';

/** One item the sink has accepted: what to do with which key, its bytes, and the producer to report them to. */
export interface SinkOp {
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
export function sinkOpOf(item: OutputFile | RemoveFile, seq: number, prefix: string, offsets: PartOffsets): SinkOp {
  const key = objectKey(prefix, item.path);
  if (item.type === 'remove-file') return { entry: { op: 'del', seq, key, path: item.path }, chunks: [], bytes: 0 };
  const chunks = chunksOf(item);
  const size = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const base = { op: 'put' as const, seq, key, path: item.path, kind: kindOf(item), size, order: seq };
  const event = eventOf(item, size);
  const withEvent = event === undefined ? base : { ...base, event };
  if (item.type === 'media-part') {
    const id = `${item.renditionId}#${item.segmentNumber}`;
    const offset = item.index === 0 ? 0 : (offsets.get(id) ?? -1);
    offsets.set(id, offset < 0 ? -1 : offset + size);
    const part = offset < 0 ? {} : { part: { renditionId: item.renditionId, segmentNumber: item.segmentNumber, offset } };
    return { entry: { ...withEvent, ...part }, chunks, bytes: size, ...(item.flow ? { flow: item.flow } : {}) };
  }
  if (item.type === 'media-segment') {
    offsets.delete(`${item.renditionId}#${item.number}`);
    const entry = { ...withEvent, segment: { renditionId: item.renditionId, number: item.number } };
    return { entry, chunks, bytes: size, ...(item.flow ? { flow: item.flow } : {}) };
  }
  return { entry: withEvent, chunks, bytes: size };
}

function kindOf(item: OutputFile): S3FileKind {
  if (item.type === 'init-segment') return 'init';
  if (item.type === 'media-segment') return 'segment';
  if (item.type === 'media-part') return 'part';
  return 'manifest';
}

function chunksOf(item: OutputFile): readonly Uint8Array[] {
  if (item.type === 'media-segment' || item.type === 'media-part') return item.chunks;
  if (item.type === 'init-segment') return [item.data];
  return [Buffer.from(item.data, 'utf8')];
}

function eventOf(item: OutputFile, bytes: number): SegmentEvent | ManifestEvent | undefined {
  if (item.type === 'manifest-file') return { type: 'manifest', format: item.format, role: item.role, path: item.path };
  if (item.type === 'media-segment') {
    return { type: 'segment', renditionId: item.renditionId, number: item.number, path: item.path, durationSeconds: item.duration / item.track.timescale, bytes };
  }
  return undefined; // init segments and parts have no event of their own
}
