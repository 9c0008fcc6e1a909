import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import type { TrackInfo } from '@ott/core';
import type { CpixDocument } from '../cpix/CpixDocument.js';
import { readCpix } from '../cpix/readCpix.js';
import { cpixTrust, requestCpixKeys } from '../cpix/requestCpixKeys.js';
import type { CpixRequestOptions } from '../cpix/requestCpixKeys.js';
import type { ContentKey } from './ContentKey.js';
import { contentKeyFromHex } from './ContentKey.js';
import { cpixKeyPeriods } from './KeyPeriod.js';
import type { KeyPeriod } from './KeyPeriod.js';
import { selectCpixKey } from './selectCpixKey.js';
import type { CpixKeyContext } from './selectCpixKey.js';

/** Where {@link encryptCmaf} gets its keys: raw hex/bytes, a CPIX file, or a CPIX key server (SPEKE v2 style). */
export type KeySource =
  | { readonly kind: 'raw'; readonly keyId: string | Uint8Array; readonly key: string | Uint8Array; readonly iv?: string | Uint8Array }
  | ({ readonly kind: 'cpix'; readonly recipientKey?: KeyObject | string | Uint8Array;
      /** XML signature checks (default `if-present`); `trustedSigners` (PEM or DER certificates) implies `require`. */
      readonly verifySignatures?: 'if-present' | 'require' | 'skip';
      readonly trustedSigners?: readonly (string | Uint8Array)[];
      /** Key rotation by `ContentKeyPeriod` `index`: the length of one period in seconds (periods with `start` times need none). */
      readonly keyPeriodSeconds?: number } & CpixKeyContext &
      ({ readonly file: string } | ({ readonly url: string } & Partial<Omit<CpixRequestOptions, 'recipientKey'>>)));

/** Keys resolved from a {@link KeySource}: a default key and, for CPIX, a per-track choice by usage rules. */
export interface ResolvedKeys {
  readonly key?: ContentKey;
  readonly keyForTrack?: (track: TrackInfo, renditionId: string) => ContentKey;
  /** Key rotation: the key periods of a track (a CPIX document with several `ContentKeyPeriod`s and no `periodId`). */
  readonly keyPeriodsForTrack?: (track: TrackInfo, renditionId: string) => KeyPeriod[];
  /** The CPIX document the keys came from (DRM signalling, periods). */
  readonly cpix?: CpixDocument;
}

/**
 * Resolves a key source: raw keys at once, a CPIX file by reading it, a CPIX URL by a SPEKE v2 request (timeouts and
 * retries of {@link requestCpixKeys}); CPIX keys are then chosen per track by the usage rules ({@link selectCpixKey}).
 */
export async function resolveKeySource(source: KeySource): Promise<ResolvedKeys> {
  if (source.kind === 'raw') {
    const hex = (v: string | Uint8Array): string => (typeof v === 'string' ? v : Buffer.from(v).toString('hex'));
    return { key: contentKeyFromHex(hex(source.keyId), hex(source.key), source.iv === undefined ? undefined : hex(source.iv)) };
  }
  const cpix = 'file' in source
    ? readCpix(await readFile(source.file), cpixTrust(source))
    : await requestCpixKeys(source.url, { ...source, contentId: source.contentId ?? 'ott' });
  const context: CpixKeyContext = {
    ...(source.periodId === undefined ? {} : { periodId: source.periodId }),
    ...(source.labels === undefined ? {} : { labels: source.labels }),
  };
  if (cpix.keyPeriods.length > 1 && source.periodId === undefined) {
    const options = { ...(source.keyPeriodSeconds === undefined ? {} : { periodSeconds: source.keyPeriodSeconds }), ...(source.labels === undefined ? {} : { labels: source.labels }) };
    return { cpix, keyPeriodsForTrack: (track, renditionId) => cpixKeyPeriods(cpix, track, renditionId, options) };
  }
  return { cpix, keyForTrack: (track, renditionId) => selectCpixKey(cpix, track, renditionId, context) };
}
