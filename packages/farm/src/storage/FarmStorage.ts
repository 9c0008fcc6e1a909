import type { Writable } from 'node:stream';
import type { OperatorFunction } from 'rxjs';
import type { PipelineEvent, PipelineItem } from '@ott/core';

/**
 * Where a farm keeps files, as plain JSON so it can travel in a job. `folder`: a path every worker sees at the same
 * place (NFS, SMB, a bind mount). `s3`: a bucket and key prefix on AWS S3 or an S3-compatible service; each worker
 * takes its credentials from its own environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, a profile or an
 * instance role), so no secret travels in the job.
 */
export type StorageSpec = FolderStorageSpec | S3StorageSpec;

/** A folder every worker sees at the same absolute path. */
export interface FolderStorageSpec {
  readonly kind: 'folder';
  readonly path: string;
}

/** A bucket and prefix (`s3://bucket/prefix`); `endpoint`/`region`/`forcePathStyle` as in `@ott/s3`'s `S3Connection`. */
export interface S3StorageSpec {
  readonly kind: 's3';
  readonly bucket: string;
  /** Key prefix, no leading or trailing `/` (`''`: the bucket's root). */
  readonly prefix: string;
  readonly endpoint?: string;
  readonly region?: string;
  readonly forcePathStyle?: boolean;
}

/** Where the storage is, for people: the folder path or `s3://bucket/prefix`. */
export function describeStorage(spec: StorageSpec): string {
  return spec.kind === 'folder' ? spec.path : `s3://${spec.bucket}/${spec.prefix}`.replace(/\/$/, '');
}

/** An object being written: bytes go to `stream`; only {@link PendingObject.commit} makes it visible. */
export interface PendingObject {
  /** Write the object's bytes here, then end it. */
  readonly stream: Writable;
  /** Publishes the object atomically under its key (a redo replaces it). Call after `stream` has finished. */
  commit(): Promise<void>;
  /** Drops what was written; the key keeps its previous content (or stays absent). */
  abort(): Promise<void>;
}

/**
 * The storage the farm's workers share: chunk outputs between the encode and stitch steps, and the final output.
 * Every write is atomic (a reader sees a key complete or not at all) so a job redone after a crash overwrites, never
 * mixes. Small on purpose: a folder implements it in a page, an object store (S3 multipart upload, GET, DELETE by
 * prefix, a sink that PUTs segments then manifests) the same way.
 */
export interface FarmStorage {
  /** Serialisable description (goes into job data). */
  readonly spec: StorageSpec;
  /** Whether `key` holds a complete object. */
  has(key: string): Promise<boolean>;
  /** The whole object (chunk outputs are tens of MB at most). */
  read(key: string): Promise<Uint8Array>;
  /** Starts writing `key`; nothing is visible until `commit()`. */
  create(key: string): Promise<PendingObject>;
  /** Removes every object (the whole folder). Missing is fine. */
  clear(): Promise<void>;
  /**
   * The sink stage that stores packaged output (init segments, segments, manifests, manifests last) and emits the
   * `segment` / `manifest` events, like `toFolder()`.
   */
  sink(): OperatorFunction<PipelineItem, PipelineEvent>;
}
