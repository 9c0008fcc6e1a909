import type { PipelineEvent } from '../events/events.js';
import type { CmafFragment, CmafInit, InitSegment, Manifest, Segment } from './cmaf.js';
import type { LiveInput, LiveSession, LiveSessionEnd, Part, RemoveFile } from './live.js';
import type { SourceInfo } from './media.js';
import type { TextFile } from './text.js';

/**
 * What flows between stages. Each stage consumes the items it knows and passes every other item through untouched,
 * so events from early stages reach the subscriber at the end.
 */
export type PipelineItem =
  | SourceInfo
  | LiveInput
  | LiveSession
  | LiveSessionEnd
  | CmafInit
  | CmafFragment
  | InitSegment
  | Segment
  | Part
  | RemoveFile
  | Manifest
  | TextFile
  | PipelineEvent;

/** Files a storage sink writes. */
export type OutputFile = InitSegment | Segment | Part | Manifest | TextFile;
