import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OttError } from '@ott/core';
import type { PublishKind } from '@ott/core';
import type { S3CannedAcl, S3ClientLike, S3Connection } from './client/createS3Client.js';
import { normalizePrefix } from '@ott/core';

/** Kinds of file the sink stores; each can have its own `Cache-Control`, ACL and `Content-Type` (core's `PublishKind`). */
export type S3FileKind = PublishKind;

/** What the sink does when the spool folder is full during an outage. */
export type SpoolOverflow = 'backpressure' | 'drop-oldest-parts';

/** Where and how much the sink spools while S3 is unreachable. */
export interface S3SpoolOptions {
  /**
   * The spool folder (default `<tmpdir>/ott-s3-spool/<bucket>/<prefix>`). One folder per bucket + prefix: the sink
   * refuses a folder that holds another destination's spool. A spool left by an earlier run is drained first.
   */
  readonly dir?: string;
  /** Most bytes of object data held in the spool folder (default 1 GiB). */
  readonly maxBytes?: number;
  /**
   * When the spool is full: `'backpressure'` (default) warns (`S3_SPOOL_FULL`) and stops taking items, so the
   * producer's `flow` pauses it; `'drop-oldest-parts'` (live, LL) first drops the spooled copies of the oldest LL
   * parts whose segment is already spooled (a part is a byte range of its segment, so it is re-cut from the segment
   * when uploaded: nothing a playlist names goes missing), then applies backpressure. Segments and manifests are never
   * dropped.
   */
  readonly overflow?: SpoolOverflow;
}

/** How uploads are retried and when S3 counts as down. */
export interface S3RetryOptions {
  /** Tries of one upload (each a full SDK call with its own retries) before the sink declares an outage (default 2). */
  readonly attempts?: number;
  /** First delay between tries and between outage probes, in ms (default 250); it doubles up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  /** Longest delay between outage probes, in ms (default 5000). */
  readonly maxDelayMs?: number;
  /** Longest time one request may take, in ms (default 30 000; a timed-out request counts as an outage). */
  readonly timeoutMs?: number;
}

/** Options of {@link toS3}. */
export interface ToS3Options {
  /** An `S3Client`, or how to make one (`endpoint`, `region`, `credentials`, `forcePathStyle`). */
  readonly client: S3ClientLike | S3Connection;
  readonly bucket: string;
  /** Key prefix (a "folder" in the bucket, e.g. `live/cam1`); `''` (default) stores at the bucket's root. */
  readonly prefix?: string;
  /** `Cache-Control` per kind (defaults: init, segment and part immutable for a year; manifest `max-age=1`). */
  readonly cacheControl?: Partial<Record<S3FileKind, string>>;
  /** Canned ACL per kind (default: none sent, the bucket's policy applies). */
  readonly acl?: Partial<Record<S3FileKind, S3CannedAcl>>;
  /** `Content-Type` per kind (default: by extension, `application/vnd.apple.mpegurl`, `application/dash+xml`, …). */
  readonly contentType?: Partial<Record<S3FileKind, string>>;
  /** Objects of at least this many bytes go up as multipart uploads (lib-storage `Upload`; default 16 MiB, min 5 MiB). */
  readonly multipartThreshold?: number;
  /** Part size of multipart uploads (default 8 MiB, at least 5 MiB as S3 requires). */
  readonly partSize?: number;
  /** Uploads at once (default 4); manifests and removals still wait for everything before them. */
  readonly concurrency?: number;
  readonly spool?: S3SpoolOptions;
  readonly retry?: S3RetryOptions;
  /** How long completion waits for S3 to come back and the spool to drain, in ms (default 60 000). */
  readonly shutdownTimeoutMs?: number;
}

/** {@link ToS3Options} with the defaults applied. */
export interface ResolvedS3Options {
  readonly bucket: string;
  readonly prefix: string;
  readonly cacheControl: Readonly<Record<S3FileKind, string>>;
  readonly acl: Partial<Record<S3FileKind, S3CannedAcl>>;
  readonly contentType: Partial<Record<S3FileKind, string>>;
  readonly multipartThreshold: number;
  readonly partSize: number;
  readonly concurrency: number;
  readonly spoolDir: string;
  readonly spoolMaxBytes: number;
  readonly overflow: SpoolOverflow;
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  readonly shutdownTimeoutMs: number;
}

/** The default `Cache-Control` per kind: files written once under a unique name are immutable, manifests short-lived. */
export const DEFAULT_S3_CACHE_CONTROL: Readonly<Record<S3FileKind, string>> = {
  init: 'public, max-age=31536000, immutable',
  segment: 'public, max-age=31536000, immutable',
  part: 'public, max-age=31536000, immutable',
  manifest: 'public, max-age=1',
};

const MIB = 1024 * 1024;
/** S3's smallest multipart part (except the last). */
const MIN_PART = 5 * MIB;

/** Applies the defaults of {@link ToS3Options} and rejects values S3 or the sink cannot work with. */
export function resolveS3Options(options: Omit<ToS3Options, 'client'>): ResolvedS3Options {
  if (typeof options.bucket !== 'string' || options.bucket.length === 0) throw invalid('bucket is required');
  const prefix = normalizePrefix(options.prefix ?? '');
  const partSize = options.partSize ?? 8 * MIB;
  if (!(partSize >= MIN_PART)) throw invalid(`partSize must be at least 5 MiB (S3's minimum part), received ${String(partSize)}`);
  const multipartThreshold = options.multipartThreshold ?? 16 * MIB;
  if (!(multipartThreshold >= MIN_PART)) throw invalid(`multipartThreshold must be at least 5 MiB, received ${String(multipartThreshold)}`);
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw invalid(`concurrency must be a positive integer, received ${String(concurrency)}`);
  const spoolMaxBytes = options.spool?.maxBytes ?? 1024 * MIB;
  if (!(spoolMaxBytes > 0)) throw invalid(`spool.maxBytes must be positive, received ${String(spoolMaxBytes)}`);
  const attempts = options.retry?.attempts ?? 2;
  if (!Number.isInteger(attempts) || attempts < 1) throw invalid(`retry.attempts must be a positive integer, received ${String(attempts)}`);
  const baseDelayMs = options.retry?.baseDelayMs ?? 250;
  const maxDelayMs = Math.max(baseDelayMs, options.retry?.maxDelayMs ?? 5000);
  const spoolDir = resolve(options.spool?.dir ?? join(tmpdir(), 'ott-s3-spool', options.bucket, ...prefix.split('/').filter(Boolean)));
  return {
    bucket: options.bucket,
    prefix,
    cacheControl: { ...DEFAULT_S3_CACHE_CONTROL, ...options.cacheControl },
    acl: { ...options.acl },
    contentType: { ...options.contentType },
    multipartThreshold,
    partSize,
    concurrency,
    spoolDir,
    spoolMaxBytes,
    overflow: options.spool?.overflow ?? 'backpressure',
    attempts,
    baseDelayMs,
    maxDelayMs,
    timeoutMs: options.retry?.timeoutMs ?? 30_000,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 60_000,
  };
}

function invalid(reason: string): OttError {
  return new OttError('S3_INVALID_OPTIONS', `toS3: ${reason}.`, { stage: 'storage' });
}
