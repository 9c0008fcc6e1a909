import { X509Certificate, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CpixDocument } from './CpixDocument.js';
import { readCpix } from './readCpix.js';
import { cpixVector, vectorPrivateKey } from './testing/vectorKeys.js';
import { validateCpixStructure } from './validateCpixStructure.js';
import { writeCpix } from './writeCpix.js';

const bytes = (n: number): Uint8Array => Uint8Array.from(randomBytes(n));
const videoKid = bytes(16);
const audioKid = bytes(16);
const doc: CpixDocument = {
  contentId: 'movie-1',
  version: '2.3',
  contentKeys: [
    { kid: videoKid, key: bytes(16), explicitIV: bytes(16), commonEncryptionScheme: 'cbcs' },
    { kid: audioKid, key: bytes(16), commonEncryptionScheme: 'cbcs' },
  ],
  drmSystems: [{
    kid: videoKid, systemId: 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', pssh: bytes(40),
    contentProtectionData: '<cenc:pssh>AAAA</cenc:pssh>', uriExtXKey: 'skd://x', hlsSignalingData: { master: '#EXT-X-SESSION-KEY:…', media: '#EXT-X-KEY:…' },
  }],
  keyPeriods: [{ id: 'p1', index: 1 }, { id: 'p2', index: 2, start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z' }],
  usageRules: [
    { kid: videoKid, intendedTrackType: 'HD', keyPeriodFilter: [{ periodId: 'p1' }], videoFilter: [{ minPixels: 442369, maxPixels: 2073600, minFps: 1, maxFps: 60 }], bitrateFilter: [{ maxBitrate: 9000000 }] },
    { kid: audioKid, intendedTrackType: 'AUDIO', labelFilter: [{ label: 'a&"<' }], audioFilter: [{ minChannels: 1, maxChannels: 2 }] },
  ],
  recipients: [],
};

let cert1Key: string;
beforeAll(() => {
  cert1Key = vectorPrivateKey('Cert1');
});

describe('writeCpix', () => {
  it('writes clear keys that readCpix reads back equal, and the document has the CPIX 2.3 structure', () => {
    const xml = writeCpix(doc);
    expect(validateCpixStructure(xml)).toEqual([]);
    expect(readCpix(xml)).toEqual(doc);
  });

  it('encrypts the keys for a recipient certificate: no key in the XML, read back with the private key', () => {
    const cert = cpixVector('Cert1.cer');
    const xml = writeCpix(doc, { recipientCert: cert });
    expect(validateCpixStructure(xml)).toEqual([]);
    for (const k of doc.contentKeys) expect(xml).not.toContain(Buffer.from(k.key ?? []).toString('base64'));
    const back = readCpix(xml, { recipientKey: cert1Key });
    expect(back.contentKeys).toEqual(doc.contentKeys);
    expect({ ...back, recipients: [] }).toEqual(doc);
    expect(Buffer.from(back.recipients[0]?.certificate ?? []).equals(Buffer.from(new X509Certificate(cert).raw))).toBe(true);
  });

  it('refuses weak recipient certificates', () => {
    expect(() => writeCpix(doc, { recipientCert: cpixVector('WeakCert_Sha1.cer') })).toThrow(expect.objectContaining({ code: 'CPIX_WEAK_CERTIFICATE' }));
    expect(() => writeCpix(doc, { recipientCert: cpixVector('WeakCert_SmallKey.cer') })).toThrow(expect.objectContaining({ code: 'CPIX_WEAK_CERTIFICATE' }));
  });
});

describe('validateCpixStructure', () => {
  it('accepts the DASH-IF vectors and reports order, occurrence and attribute errors', () => {
    for (const name of ['Complex.xml', 'EvenMoreComplex.xml', 'EncryptedContentKeys.xml', 'KeyRotationMultiKeyMulitPeriod.xml']) expect(validateCpixStructure(cpixVector(name)), name).toEqual([]);
    const bad = '<CPIX xmlns="urn:dashif:org:cpix" bogus="1"><DRMSystemList><DRMSystem kid="x"/></DRMSystemList><ContentKeyList/></CPIX>';
    const problems = validateCpixStructure(bad);
    expect(problems.join('\n')).toMatch(/bogus is not allowed/);
    expect(problems.join('\n')).toMatch(/kid: 'x' is not a UUID/);
    expect(problems.join('\n')).toMatch(/systemId is missing/);
    expect(problems.join('\n')).toMatch(/ContentKeyList is not allowed here/);
  });
});
