import type { OutputFile, PipelineItem } from '@ott/core';

/** Whether a pipeline item is a file to store (an init segment, a media segment or part, or a manifest). */
export function isOutputFile(item: PipelineItem): item is OutputFile {
  return item.type === 'init-segment' || item.type === 'media-segment' || item.type === 'media-part' || item.type === 'manifest-file';
}
