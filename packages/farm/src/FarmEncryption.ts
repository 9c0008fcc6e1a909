import { concatMap, from, switchMap } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { OttError, aes128KeyPath, toHex } from '@ott/core';
import type { PipelineItem } from '@ott/core';
import type { ContentKey, EncryptCmafOptions, KeySource } from '@ott/drm';
import type { FarmStorage } from './storage/FarmStorage.js';

/** A content key as JSON: key id and key as 32 hex digits, optional IV (16 or 32 hex digits). */
export interface FarmKey {
  readonly keyId: string;
  readonly key: string;
  readonly iv?: string;
}

/**
 * `encryptCmaf` options as plain JSON, so they travel in a farm job (Redis) to the worker that packages the output.
 * Keys are hex; a CPIX source is a file path every worker sees alike or a key-server URL (then only the URL is in
 * Redis and each worker fetches the keys). Per-track key callbacks (`keyForTrack`, `keyPeriodsForTrack`) cannot
 * travel: use `keys` (CPIX usage rules) instead.
 *
 * Raw keys (`key`, `keyPeriods`) are stored in the job, i.e. in Redis, until the job is removed: keep Redis private
 * (bind to a private network, `requirepass`/ACLs, TLS) or use a CPIX URL.
 */
export interface FarmEncryption {
  readonly scheme: 'cenc' | 'cbcs' | 'aes-128';
  readonly key?: FarmKey;
  readonly keyPeriods?: readonly { readonly key: FarmKey; readonly startSeconds: number }[];
  /** A CPIX key source (`@ott/drm` `KeySource` of kind `cpix`) with JSON values only (PEM strings, no KeyObject). */
  readonly keys?: KeySource;
  readonly keyUri?: string;
  /** IV, hex. */
  readonly iv?: string;
  readonly perSampleIv?: boolean;
  readonly drmSystems?: EncryptCmafOptions['drmSystems'];
  readonly clearKeyLicenseUrl?: string;
  readonly clearLeadSeconds?: number;
}

/**
 * Turns `encryptCmaf` options into a {@link FarmEncryption}. Throws `QUEUE_INVALID_JOB` for what cannot travel in a
 * job (callbacks, binary key objects).
 */
export function toFarmEncryption(options: EncryptCmafOptions): FarmEncryption {
  if (options.keyForTrack !== undefined || options.keyPeriodsForTrack !== undefined) {
    throw invalid('keyForTrack and keyPeriodsForTrack are functions and cannot travel in a farm job; give keys (a CPIX file or URL with usage rules) instead.');
  }
  if (options.keys !== undefined && !isJson(options.keys)) throw invalid('keys must be plain JSON in a farm job (PEM strings, not KeyObjects or bytes).');
  const hexKey = (key: { kid: Uint8Array; key: Uint8Array; iv?: Uint8Array }): FarmKey => ({
    keyId: toHex(key.kid),
    key: toHex(key.key),
    ...(key.iv === undefined ? {} : { iv: toHex(key.iv) }),
  });
  return {
    scheme: options.scheme,
    ...(options.key === undefined ? {} : { key: hexKey(options.key) }),
    ...(options.keyPeriods === undefined ? {} : { keyPeriods: options.keyPeriods.map((p) => ({ key: hexKey(p.key), startSeconds: p.startSeconds })) }),
    ...(options.keys === undefined ? {} : { keys: options.keys }),
    ...(options.keyUri === undefined ? {} : { keyUri: options.keyUri }),
    ...(options.iv === undefined ? {} : { iv: toHex(options.iv) }),
    ...(options.perSampleIv === undefined ? {} : { perSampleIv: options.perSampleIv }),
    ...(options.drmSystems === undefined ? {} : { drmSystems: options.drmSystems }),
    ...(options.clearKeyLicenseUrl === undefined ? {} : { clearKeyLicenseUrl: options.clearKeyLicenseUrl }),
    ...(options.clearLeadSeconds === undefined ? {} : { clearLeadSeconds: options.clearLeadSeconds }),
  };
}

/**
 * The `encryptCmaf` options a worker runs with (the inverse of {@link toFarmEncryption}; key lengths are checked,
 * `DRM_INVALID_KEY`). Loads `@ott/drm` only here: a farm without encryption never does.
 */
export async function fromFarmEncryption(spec: FarmEncryption): Promise<EncryptCmafOptions> {
  const { contentKeyFromHex, parseHex } = await import('@ott/drm');
  const key = (k: FarmKey): ContentKey => contentKeyFromHex(k.keyId, k.key, k.iv);
  return {
    scheme: spec.scheme,
    ...(spec.key === undefined ? {} : { key: key(spec.key) }),
    ...(spec.keyPeriods === undefined ? {} : { keyPeriods: spec.keyPeriods.map((p) => ({ key: key(p.key), startSeconds: p.startSeconds })) }),
    ...(spec.keys === undefined ? {} : { keys: spec.keys }),
    ...(spec.keyUri === undefined ? {} : { keyUri: spec.keyUri }),
    ...(spec.iv === undefined ? {} : { iv: parseHex(spec.iv, spec.iv.length === 16 ? 8 : 16, 'the IV') }),
    ...(spec.perSampleIv === undefined ? {} : { perSampleIv: spec.perSampleIv }),
    ...(spec.drmSystems === undefined ? {} : { drmSystems: spec.drmSystems }),
    ...(spec.clearKeyLicenseUrl === undefined ? {} : { clearKeyLicenseUrl: spec.clearKeyLicenseUrl }),
    ...(spec.clearLeadSeconds === undefined ? {} : { clearLeadSeconds: spec.clearLeadSeconds }),
  };
}

/**
 * The encryption step of a stitch: `encryptCmaf` with the job's settings (loading `@ott/drm` only when a job has
 * them), or nothing.
 */
export function encryptForFarm(spec: FarmEncryption | undefined): OperatorFunction<PipelineItem, PipelineItem> {
  if (spec === undefined) return (items) => items;
  return (items) => from(Promise.all([import('@ott/drm'), fromFarmEncryption(spec)])).pipe(switchMap(([drm, options]) => items.pipe(drm.encryptCmaf(options))));
}

/**
 * HLS AES-128 without a `keyUri`: stores the key (16 raw bytes) as `key.bin` beside each media playlist, in the
 * output storage, before the rendition's segments, where `EXT-X-KEY`'s default relative URI points (as `ott vod` does).
 */
export function writeFarmKeyFiles(spec: FarmEncryption | undefined, storage: FarmStorage): OperatorFunction<PipelineItem, PipelineItem> {
  const key = spec?.scheme === 'aes-128' && spec.keyUri === undefined ? spec.key : undefined;
  if (key === undefined) return (items) => items;
  return concatMap(async (item) => {
    if (item.type !== 'init-segment') return item;
    const pending = await storage.create(aes128KeyPath(item.path));
    pending.stream.end(Buffer.from(key.key, 'hex'));
    await pending.commit();
    return item;
  });
}

function isJson(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value as object).every((v) => v === undefined || isJson(v));
}

function invalid(message: string): OttError {
  return new OttError('QUEUE_INVALID_JOB', message, { stage: 'transcode' });
}
