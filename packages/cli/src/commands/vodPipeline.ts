import { from, startWith, switchMap } from 'rxjs';
import type { Observable, OperatorFunction } from 'rxjs';
import { isS3Url } from '@ott/core';
import type { Ladder, PipelineEvent, PipelineItem, WarningEvent } from '@ott/core';
import { encryptCmaf } from '@ott/drm';
import type { EncryptCmafOptions } from '@ott/drm';
import { fromFile } from '@ott/ingest';
import { addSubtitles, segmentCmaf, toFolder, writeManifests } from '@ott/packager';
import type { SubtitleTrack } from '@ott/packager';
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
  /** How to reach an `s3://` output (`--s3-endpoint`, `--s3-region`). */
  readonly s3?: { readonly endpoint?: string; readonly region?: string };
  /** Subtitle renditions (`--subtitles`), already read, and the warnings reading them gave. */
  readonly subtitles?: { readonly tracks: readonly SubtitleTrack[]; readonly warnings: readonly WarningEvent[] };
}

/** The VOD pipeline `ott vod` runs: the same composition as examples/vod.ts. */
export function vodPipeline(input: string, options: VodPipelineOptions): Observable<PipelineEvent> {
  const subtitles = options.subtitles;
  return fromFile(input).pipe(
    transcodeLadder(options.ladder, { gopSeconds: options.gopSeconds, ...(options.preset ? { preset: options.preset } : {}) }),
    segmentCmaf({ segmentDuration: options.segmentDuration }),
    options.encryption === undefined ? (items) => items : encryptCmaf(options.encryption),
    subtitles === undefined ? (items) => items : (items) => items.pipe(startWith(...subtitles.warnings), addSubtitles(subtitles.tracks, { segmentDuration: options.segmentDuration })),
    writeManifests({ formats: [...options.formats] }),
    isS3Url(options.output) ? (items) => items : writeAes128KeyFiles(options.output, options.encryption),
    storageSink(options.output, options.s3),
  );
}

/**
 * The sink of an output location: `toFolder`, or for `s3://bucket/prefix` `toS3` (@ott/s3 and the AWS SDK load only
 * then; credentials from the environment, as the SDK reads them).
 */
export function storageSink(output: string, s3: { readonly endpoint?: string; readonly region?: string } = {}): OperatorFunction<PipelineItem, PipelineEvent> {
  if (!isS3Url(output)) return toFolder(output);
  return (items) =>
    from(import('@ott/s3')).pipe(
      switchMap(({ parseS3Url, toS3 }) => {
        const { bucket, prefix } = parseS3Url(output);
        return items.pipe(toS3({ client: { ...s3 }, bucket, prefix }));
      }),
    );
}

/** Keyframe interval for a segment duration: at most ~2 s and dividing the segment duration exactly. */
export function gopFor(segmentDuration: number): number {
  return segmentDuration / Math.max(1, Math.round(segmentDuration / 2));
}
