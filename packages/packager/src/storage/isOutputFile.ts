import type { OutputFile, PipelineItem } from '@ott/core';

/**
 * Whether a pipeline item is a file to store. The `type` tag alone does not tell: a `Segment` item and a
 * `SegmentEvent` are both `type: 'segment'`, a `Manifest` and a `ManifestEvent` both `type: 'manifest'`, so the
 * payload fields decide.
 */
export function isOutputFile(item: PipelineItem): item is OutputFile {
  if (item.type === 'init') return true;
  if (item.type === 'segment') return 'chunks' in item;
  if (item.type === 'manifest') return 'data' in item;
  return false;
}
