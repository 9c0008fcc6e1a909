import type { Observable } from 'rxjs';
import type { Ladder, PipelineEvent } from '@ott/core';
import { encryptCmaf } from '@ott/drm';
import type { EncryptCmafOptions } from '@ott/drm';
import { fromFile } from '@ott/ingest';
import { segmentCmaf, toFolder, writeManifests } from '@ott/packager';
import { transcodeLadder } from '@ott/transcode';
import { writeAes128KeyFiles } from './encryptionOptions.js';

/** Options of {@link vodPipeline}. */
export interface VodPipelineOptions {
  readonly output: string;
  readonly ladder?: Ladder;
  readonly segmentDuration: number;
  readonly gopSeconds: number;
  readonly formats: readonly ('hls' | 'dash')[];
  readonly preset?: string;
  /** Common Encryption or HLS AES-128 of the segments (`--encrypt`). */
  readonly encryption?: EncryptCmafOptions;
}

/** The VOD pipeline `ott vod` runs: the same composition as examples/vod.ts. */
export function vodPipeline(input: string, options: VodPipelineOptions): Observable<PipelineEvent> {
  return fromFile(input).pipe(
    transcodeLadder(options.ladder, { gopSeconds: options.gopSeconds, ...(options.preset ? { preset: options.preset } : {}) }),
    segmentCmaf({ segmentDuration: options.segmentDuration }),
    options.encryption === undefined ? (items) => items : encryptCmaf(options.encryption),
    writeManifests({ formats: [...options.formats] }),
    writeAes128KeyFiles(options.output, options.encryption),
    toFolder(options.output),
  );
}

/** Keyframe interval for a segment duration: at most ~2 s and dividing the segment duration exactly. */
export function gopFor(segmentDuration: number): number {
  return segmentDuration / Math.max(1, Math.round(segmentDuration / 2));
}
