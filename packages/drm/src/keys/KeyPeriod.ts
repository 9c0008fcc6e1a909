import type { TrackInfo } from '@ott/core';
import type { CpixDocument, CpixKeyPeriod } from '../cpix/CpixDocument.js';
import type { ContentKey } from './ContentKey.js';
import { drmError } from './drmError.js';
import { selectCpixKey } from './selectCpixKey.js';

/** One key period of key rotation: segments that start at or after `startSeconds` (media time) use `key`, until the next period. */
export interface KeyPeriod {
  readonly key: ContentKey;
  /** Start of the period in seconds of media (decode) time; the first period must start at 0. */
  readonly startSeconds: number;
}

/**
 * Checks and sorts key periods: at least one, the first starting at 0, no two with the same start, and the same
 * IV policy as the first key (the track IV is shared). Throws `DRM_INVALID_KEY` otherwise.
 */
export function sortKeyPeriods(periods: readonly KeyPeriod[]): KeyPeriod[] {
  const sorted = [...periods].sort((a, b) => a.startSeconds - b.startSeconds);
  if (sorted.length === 0) throw drmError('DRM_INVALID_KEY', 'keyPeriods is empty; give at least one { key, startSeconds: 0 }.');
  if (sorted[0]?.startSeconds !== 0) throw drmError('DRM_INVALID_KEY', `Expected the first key period to start at 0 s, got ${sorted[0]?.startSeconds ?? '?'} s.`);
  for (let i = 1; i < sorted.length; i++) {
    const s = sorted[i]?.startSeconds ?? 0;
    if (!(s > (sorted[i - 1]?.startSeconds ?? 0)) || !Number.isFinite(s)) {
      throw drmError('DRM_INVALID_KEY', `Expected key periods with distinct finite start times, got ${s} s twice or out of order.`);
    }
  }
  return sorted;
}

/** Index of the period a segment starting at `seconds` belongs to (the last period that starts at or before it). */
export function periodIndexAt(periods: readonly KeyPeriod[], seconds: number): number {
  let found = 0;
  // A segment boundary a rounding error before a period start still belongs to that period.
  for (let i = 1; i < periods.length; i++) if ((periods[i]?.startSeconds ?? Infinity) <= seconds + 1e-6) found = i;
  return found;
}

/**
 * The key periods of one track from a CPIX document with several `ContentKeyPeriod`s (key rotation): periods in
 * order of `index` (else `start`); each starts at `start - first start` when all periods carry `start` date-times,
 * else at `(index - first index) × periodSeconds`. The key of each period is chosen by the usage rules with that
 * period's `KeyPeriodFilter` ({@link selectCpixKey}).
 */
export function cpixKeyPeriods(doc: CpixDocument, track: TrackInfo, renditionId: string, options: { periodSeconds?: number; labels?: readonly string[] } = {}): KeyPeriod[] {
  const periods = [...doc.keyPeriods].sort(byOrder);
  const first = periods[0];
  if (first === undefined) return [{ key: selectCpixKey(doc, track, renditionId, labelsOf(options)), startSeconds: 0 }];
  const allStarts = periods.every((p) => p.start !== undefined && Number.isFinite(Date.parse(p.start)));
  const allIndexes = periods.every((p) => p.index !== undefined);
  if (!allStarts && !(allIndexes && options.periodSeconds !== undefined && options.periodSeconds > 0)) {
    throw drmError('DRM_UNSUPPORTED', `The CPIX document has ${periods.length} key periods without start times; pass keyPeriodSeconds (the length of one period) to rotate keys by period index, or periodId to use one period.`);
  }
  return sortKeyPeriods(periods.map((p) => ({
    key: selectCpixKey(doc, track, renditionId, { ...labelsOf(options), ...(p.id === undefined ? {} : { periodId: p.id }) }),
    startSeconds: allStarts
      ? (Date.parse(p.start ?? '') - Date.parse(first.start ?? '')) / 1000
      : ((p.index ?? 0) - (first.index ?? 0)) * (options.periodSeconds ?? 0),
  })));
}

function byOrder(a: CpixKeyPeriod, b: CpixKeyPeriod): number {
  if (a.index !== undefined && b.index !== undefined) return a.index - b.index;
  return Date.parse(a.start ?? '') - Date.parse(b.start ?? '');
}

function labelsOf(options: { labels?: readonly string[] }): { labels?: readonly string[] } {
  return options.labels === undefined ? {} : { labels: options.labels };
}
