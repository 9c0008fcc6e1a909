import { join } from 'node:path';
import type { TrackInfo } from '@ott/core';
import { describe, expect, it } from 'vitest';
import { readCpix } from '../cpix/readCpix.js';
import { CPIX_VECTORS, cpixVector } from '../cpix/testing/vectorKeys.js';
import { writeCpix } from '../cpix/writeCpix.js';
import { contentKeyFromHex } from './ContentKey.js';
import { cpixKeyPeriods, periodIndexAt, sortKeyPeriods } from './KeyPeriod.js';
import { resolveKeySource } from './resolveKeySource.js';

const video: TrackInfo = { id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale: 90000, width: 640, height: 360 };
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const key = (n: number) => contentKeyFromHex(String(n).repeat(32), String(n + 1).repeat(32));

describe('key periods', () => {
  it('sorts periods, requires the first at 0 s and distinct starts', () => {
    expect(sortKeyPeriods([{ key: key(2), startSeconds: 10 }, { key: key(1), startSeconds: 0 }]).map((p) => p.startSeconds)).toEqual([0, 10]);
    expect(() => sortKeyPeriods([{ key: key(1), startSeconds: 5 }])).toThrow(expect.objectContaining({ code: 'DRM_INVALID_KEY' }));
    expect(() => sortKeyPeriods([{ key: key(1), startSeconds: 0 }, { key: key(2), startSeconds: 0 }])).toThrow(expect.objectContaining({ code: 'DRM_INVALID_KEY' }));
    expect(() => sortKeyPeriods([])).toThrow(expect.objectContaining({ code: 'DRM_INVALID_KEY' }));
  });

  it('puts a segment in the last period that starts at or before it (tolerating rounding)', () => {
    const periods = sortKeyPeriods([{ key: key(1), startSeconds: 0 }, { key: key(2), startSeconds: 4 }, { key: key(3), startSeconds: 8 }]);
    expect([0, 3.99, 3.9999999, 4, 7, 8, 100].map((s) => periodIndexAt(periods, s))).toEqual([0, 0, 1, 1, 1, 2, 2]);
  });

  it('rotates CPIX ContentKeyPeriods by index × keyPeriodSeconds (KeyRotationMultiKeyMulitPeriod.xml)', () => {
    const doc = readCpix(cpixVector('KeyRotationMultiKeyMulitPeriod.xml'));
    const periods = cpixKeyPeriods(doc, video, 'v', { periodSeconds: 60 });
    expect(periods.map((p) => [p.startSeconds, hex(p.key.kid)])).toEqual([[0, '7ce7f10da91b41b9b3317999fd1abf4c'], [60, expect.any(String)]]);
    expect(hex(periods[1]?.key.kid ?? new Uint8Array())).not.toBe('7ce7f10da91b41b9b3317999fd1abf4c');
    expect(() => cpixKeyPeriods(doc, video, 'v')).toThrow(expect.objectContaining({ code: 'DRM_UNSUPPORTED' }));
  });

  it('rotates CPIX periods with start times by their offset from the first start', () => {
    const k = [1, 2].map((n) => new Uint8Array(16).fill(n));
    const doc = readCpix(writeCpix({
      contentKeys: k.map((kid, i) => ({ kid, key: new Uint8Array(16).fill(i + 5) })),
      keyPeriods: [{ id: 'b', start: '2026-01-01T00:00:30Z', end: '2026-01-01T00:01:00Z' }, { id: 'a', start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:00:30Z' }],
      usageRules: [{ kid: k[0] ?? new Uint8Array(), keyPeriodFilter: [{ periodId: 'a' }] }, { kid: k[1] ?? new Uint8Array(), keyPeriodFilter: [{ periodId: 'b' }] }],
    }));
    expect(cpixKeyPeriods(doc, video, 'v').map((p) => [p.startSeconds, p.key.kid[0]])).toEqual([[0, 1], [30, 2]]);
  });

  it('resolveKeySource gives per-track key periods for a rotation document, one key when a periodId is chosen', async () => {
    const file = join(CPIX_VECTORS, 'KeyRotationMultiKeyMulitPeriod.xml');
    const rotating = await resolveKeySource({ kind: 'cpix', file, keyPeriodSeconds: 10 });
    expect(rotating.keyForTrack).toBeUndefined();
    expect(rotating.keyPeriodsForTrack?.(video, 'v').map((p) => p.startSeconds)).toEqual([0, 10]);
    const one = await resolveKeySource({ kind: 'cpix', file, periodId: 'next' });
    expect(one.keyPeriodsForTrack).toBeUndefined();
    expect(one.keyForTrack?.(video, 'v').kid).toBeDefined();
  });
});
