import { describe, expect, it } from 'vitest';
import { contentKeyFromHex } from '@ott/drm';
import { fromFarmEncryption, toFarmEncryption } from './FarmEncryption.js';

describe('FarmEncryption', () => {
  it('survives the trip through Redis (JSON) with every key, IV and setting intact', async () => {
    const key = contentKeyFromHex('0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210');
    const next = contentKeyFromHex('11111111111111111111111111111111', '22222222222222222222222222222222');
    const options = {
      scheme: 'cbcs' as const,
      keyPeriods: [{ key, startSeconds: 0 }, { key: next, startSeconds: 60 }],
      iv: new Uint8Array(16).fill(7),
      drmSystems: ['widevine' as const],
      clearLeadSeconds: 4,
    };
    const travelled = JSON.parse(JSON.stringify(toFarmEncryption(options))) as ReturnType<typeof toFarmEncryption>;
    expect(await fromFarmEncryption(travelled)).toEqual(options);
  });

  it('refuses what cannot travel in a job, and a key of the wrong length on the worker', async () => {
    expect(() => toFarmEncryption({ scheme: 'cenc', keyForTrack: () => contentKeyFromHex('00'.repeat(16), '11'.repeat(16)) })).toThrow(
      expect.objectContaining({ code: 'QUEUE_INVALID_JOB' }),
    );
    await expect(fromFarmEncryption({ scheme: 'cenc', key: { keyId: 'abcd', key: '11'.repeat(16) } })).rejects.toMatchObject({ code: 'DRM_INVALID_KEY' });
  });
});
