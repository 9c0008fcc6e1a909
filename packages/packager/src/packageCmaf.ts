import { pipe } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { PipelineItem } from '@ott/core';
import { segmentCmaf } from './segmentCmaf.js';
import type { SegmentCmafOptions } from './segmentCmaf.js';
import { writeManifests } from './writeManifests.js';
import type { WriteManifestsOptions } from './writeManifests.js';

/** Options of {@link packageCmaf}: those of {@link segmentCmaf} and {@link writeManifests}. */
export type PackageCmafOptions = SegmentCmafOptions & WriteManifestsOptions;

/**
 * Segmenter and manifest writer in one: `pipe(segmentCmaf(options), writeManifests(options))`.
 *
 * @example
 * ```ts
 * declare const transcoded$: Observable<PipelineItem>; // e.g. fromFile(…).pipe(transcodeLadder(…))
 * transcoded$.pipe(packageCmaf({ segmentDuration: 4, formats: ['hls', 'dash'] }), toFolder('out'))
 * ```
 */
export function packageCmaf(options: PackageCmafOptions = {}): OperatorFunction<PipelineItem, PipelineItem> {
  return pipe(segmentCmaf(options), writeManifests(options));
}
