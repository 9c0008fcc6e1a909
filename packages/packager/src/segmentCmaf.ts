import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { initPath, OttError, writeCmafInit } from '@ott/core';
import type { CmafFragment, CmafInit, InitSegment, PipelineItem } from '@ott/core';
import { RenditionSegmenter } from './cmaf/RenditionSegmenter.js';

/** Options of {@link segmentCmaf}. */
export interface SegmentCmafOptions {
  /** Target segment duration in seconds (default 4). Video cuts on the first keyframe at or after each boundary. */
  readonly segmentDuration?: number;
  /** Open each media segment with a `styp` box (default `true`). */
  readonly styp?: boolean;
}

/**
 * The CMAF segmenter: turns `cmaf-init` items into init segments (`<renditionId>/init.mp4`) and the samples of
 * `cmaf-fragment` items into media segments (`<renditionId>/seg-00001.m4s`, …) of about `segmentDuration` seconds.
 * Sample bytes are not copied: segments reference subarrays of the fragments. Every other item passes through.
 *
 * @example
 * ```ts
 * declare const transcoded$: Observable<PipelineItem>; // e.g. fromFile(…).pipe(transcodeLadder(…))
 * transcoded$.pipe(segmentCmaf({ segmentDuration: 4 }), writeManifests(), toFolder('out'))
 * ```
 */
export function segmentCmaf(options: SegmentCmafOptions = {}): OperatorFunction<PipelineItem, PipelineItem> {
  const segmentDuration = options.segmentDuration ?? 4;
  if (!Number.isFinite(segmentDuration) || segmentDuration <= 0) {
    throw new OttError(
      'PACKAGE_INVALID_INPUT',
      `segmentDuration must be a positive number of seconds, received ${String(segmentDuration)}.`,
      { stage: 'packager' },
    );
  }
  const styp = options.styp ?? true;
  return (source) =>
    new Observable<PipelineItem>((subscriber) => {
      const renditions = new Map<string, RenditionSegmenter>();
      const onInit = (item: CmafInit): void => {
        const known = renditions.get(item.renditionId);
        if (known !== undefined) {
          if (sameBytes(known.init.sampleEntry, item.sampleEntry)) return;
          throw new OttError(
            'PACKAGE_INVALID_INPUT',
            `Rendition "${item.renditionId}" received a second, different cmaf-init; a rendition has one decoder ` +
              'configuration. Give the new configuration its own rendition id.',
            { stage: 'packager', details: { renditionId: item.renditionId } },
          );
        }
        renditions.set(item.renditionId, new RenditionSegmenter(item, { segmentDuration, styp }));
        const init: InitSegment = {
          type: 'init-segment',
          renditionId: item.renditionId,
          track: item.track,
          path: initPath(item.renditionId),
          data: writeCmafInit({ track: item.track, sampleEntry: item.sampleEntry }),
        };
        subscriber.next(init);
      };
      const onFragment = (item: CmafFragment): void => {
        const segmenter = renditions.get(item.renditionId);
        if (segmenter === undefined) {
          throw new OttError(
            'PACKAGE_INVALID_INPUT',
            `Received a cmaf-fragment for rendition "${item.renditionId}" before its cmaf-init; ` +
              `known renditions: ${[...renditions.keys()].join(', ') || 'none'}. The producer must emit the init first.`,
            { stage: 'packager', details: { renditionId: item.renditionId } },
          );
        }
        for (const out of segmenter.push(item)) subscriber.next(out);
      };
      return source.subscribe({
        next(item) {
          try {
            if (item.type === 'cmaf-init') onInit(item);
            else if (item.type === 'cmaf-fragment') onFragment(item);
            else subscriber.next(item);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error(error: unknown) {
          subscriber.error(error);
        },
        complete() {
          try {
            for (const segmenter of renditions.values()) for (const out of segmenter.flush()) subscriber.next(out);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.complete();
        },
      });
    });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
