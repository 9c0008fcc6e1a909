import { describe, expect, it } from 'vitest';
import { buildProtectionInfo } from './buildProtectionInfo.js';

const kidOf = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const KID = '0123456789abcdef0123456789abcdef';

describe('buildProtectionInfo', () => {
  it('signals ClearKey in HLS as a data URI holding the 16-byte key id (what hls.js reads as the key id)', () => {
    const { info } = buildProtectionInfo({ scheme: 'cbcs', kid: kidOf(KID), systems: ['clearkey'] });
    const key = info.hlsKeys.find((k) => k.keyFormat === 'org.w3.clearkey');
    expect(key).toMatchObject({ method: 'SAMPLE-AES', keyFormatVersions: '1' });
    expect(key?.uri).toBe(`data:text/plain;base64,${Buffer.from(KID, 'hex').toString('base64')}`);
  });

  it('keeps the license URL for DASH but not in the HLS key URI, so every key has its own URI', () => {
    const licenseUrl = 'https://license.example/clearkey';
    const a = buildProtectionInfo({ scheme: 'cenc', kid: kidOf(KID), systems: ['clearkey'], clearKeyLicenseUrl: licenseUrl }).info;
    const b = buildProtectionInfo({ scheme: 'cenc', kid: kidOf('b2'.repeat(16)), systems: ['clearkey'], clearKeyLicenseUrl: licenseUrl }).info;
    expect(a.systems[0]?.licenseUrl).toBe(licenseUrl);
    expect(a.hlsKeys[0]?.method).toBe('SAMPLE-AES-CTR');
    expect(a.hlsKeys[0]?.uri).not.toContain(licenseUrl);
    expect(a.hlsKeys[0]?.uri).not.toBe(b.hlsKeys[0]?.uri);
  });
});
