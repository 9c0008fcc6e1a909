import type { ManifestEvent, ProgressEvent, WarningEvent } from '@ott/core';
import type { StitchResult } from './runStitchTask.js';

/** The farm job completed: everything is written and the work folder removed. */
export interface FarmDoneEvent {
  readonly type: 'farm-done';
  readonly id: string;
  readonly result: StitchResult;
}

/**
 * What watching a farm job reports: aggregated `progress` (percent, fps, speed, ETA), `warning`s (a task attempt
 * failed and is retried; stitch warnings), then at the end one `manifest` event per manifest written and
 * {@link FarmDoneEvent}.
 */
export type FarmEvent = ProgressEvent | WarningEvent | ManifestEvent | FarmDoneEvent;
