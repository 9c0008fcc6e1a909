import type { SourceInfo } from '@ott/core';
import type { ExtraArgs } from '@ott/transcode';
import type { ResolvedAudioRendition, ResolvedVideoRendition } from '@ott/transcode';
import type { FarmEncryption } from './FarmEncryption.js';
import type { StorageSpec } from './storage/FarmStorage.js';

/** Encoder settings shared by every task of one job (so every chunk is encoded alike). */
export interface EncodeSettings {
  readonly gopSeconds: number;
  readonly preset: string;
  readonly threads: number;
  readonly bFrames?: number;
  readonly extraArgs?: ExtraArgs;
}

/** One encode: a time range of one video rendition (`chunk`), or one audio rendition over the whole source (`audio`). */
export interface EncodeTask {
  readonly kind: 'chunk' | 'audio';
  readonly vodId: string;
  /** BullMQ job id. */
  readonly taskId: string;
  readonly source: SourceInfo;
  readonly rendition: ResolvedVideoRendition | ResolvedAudioRendition;
  /** Chunk index (0 for audio). */
  readonly index: number;
  /** Start in source seconds. */
  readonly start: number;
  /** Length in seconds; absent for the last chunk and for audio (to the end of the source). */
  readonly duration?: number;
  /** Where the fragmented MP4 goes in the work storage. */
  readonly key: string;
  readonly work: StorageSpec;
  readonly settings: EncodeSettings;
}

/** The join: reads every encode's output in order and packages one continuous timeline per rendition. */
export interface StitchTask {
  readonly kind: 'stitch';
  readonly vodId: string;
  readonly taskId: string;
  readonly source: SourceInfo;
  /** Per rendition, the storage keys of its pieces in timeline order (one for audio). */
  readonly renditions: readonly { readonly rendition: ResolvedVideoRendition | ResolvedAudioRendition; readonly keys: readonly string[] }[];
  /** Nominal start of every chunk in seconds (to check that chunks line up). */
  readonly chunkStarts: readonly number[];
  readonly segmentDuration: number;
  readonly formats: readonly ('hls' | 'dash')[];
  readonly work: StorageSpec;
  readonly output: StorageSpec;
  readonly encryption?: FarmEncryption;
}

/** Last step: removes the work folder once the output is complete; its job id is the VOD job's id. */
export interface FinalizeTask {
  readonly kind: 'finalize';
  readonly vodId: string;
  readonly taskId: string;
  readonly work: StorageSpec;
  readonly durationSeconds: number;
  /** Every task with its share of the work (sums to 1), for progress aggregation. */
  readonly progress: readonly { readonly taskId: string; readonly weight: number; readonly seconds: number }[];
}

/** What a farm job's BullMQ job carries. */
export type FarmTask = EncodeTask | StitchTask | FinalizeTask;

/** A VOD job split into tasks (see `planVod`). */
export interface VodPlan {
  readonly vodId: string;
  readonly durationSeconds: number;
  /** Chunk boundaries of the video in seconds. */
  readonly chunks: readonly { readonly start: number; readonly duration?: number }[];
  readonly encodes: readonly EncodeTask[];
  readonly stitch: StitchTask;
  readonly finalize: FinalizeTask;
}
