import type { Backpressure } from '../flow/Backpressure.js';
import type { ManifestEvent, SegmentEvent } from '../events/events.js';
import type { RemoveFile } from '../types/live.js';
import type { OutputFile, PipelineItem } from '../types/pipeline.js';

/** An item a storage sink acts on: a file to store or one to remove. */
export type PublishItem = OutputFile | RemoveFile;

/** Whether a pipeline item is something a sink stores or removes (everything else passes through or is consumed). */
export function isPublishItem(item: PipelineItem): item is PublishItem {
  return (
    item.type === 'init-segment' ||
    item.type === 'media-segment' ||
    item.type === 'media-part' ||
    item.type === 'manifest-file' ||
    item.type === 'text-file' ||
    item.type === 'remove-file'
  );
}

/**
 * Whether the item is a barrier of the publish order: a manifest starts only once every file before it is stored (it
 * never lists a missing file, and a later version never overtakes an earlier one), a removal only once the manifests
 * that stopped listing the file are.
 */
export function isPublishBarrier(item: PublishItem): boolean {
  return item.type === 'manifest-file' || item.type === 'remove-file';
}

/** The bytes a sink stores for the item, as chunks (none for a removal). */
export function publishChunksOf(item: PublishItem): readonly Uint8Array[] {
  if (item.type === 'remove-file') return [];
  if (item.type === 'media-segment' || item.type === 'media-part') return item.chunks;
  if (item.type === 'init-segment') return [item.data];
  return [new TextEncoder().encode(item.data)]; // manifests and WebVTT files
}

/** The producer's flow control the item's bytes count against (media only). */
export function publishFlowOf(item: PublishItem): Backpressure | undefined {
  return item.type === 'media-segment' || item.type === 'media-part' ? item.flow : undefined;
}

/** Kinds of file a sink stores; each can have its own `Cache-Control`, ACL and `Content-Type`. */
export type PublishKind = 'init' | 'segment' | 'part' | 'manifest';

/** The kind of file, for `Content-Type`, `Cache-Control` and ACLs. */
export function publishKindOf(item: OutputFile): PublishKind {
  if (item.type === 'init-segment') return 'init';
  if (item.type === 'media-segment') return 'segment';
  if (item.type === 'media-part') return 'part';
  if (item.type === 'text-file') return 'segment'; // written once under its own name, like a media segment
  return 'manifest';
}

/** The event a sink emits once the item is stored: `segment` or `manifest`; init segments, parts and removals have none. */
export function publishedEventOf(item: PublishItem, bytes: number): SegmentEvent | ManifestEvent | undefined {
  if (item.type === 'manifest-file') return { type: 'manifest', format: item.format, role: item.role, path: item.path };
  if (item.type === 'media-segment') {
    return { type: 'segment', renditionId: item.renditionId, number: item.number, path: item.path, durationSeconds: item.duration / item.track.timescale, bytes };
  }
  return undefined;
}
