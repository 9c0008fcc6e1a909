import { describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { readCpix } from './readCpix.js';

const CPIX = 'urn:dashif:org:cpix';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** A CPIX document of ~`padBytes` whose signatures each reference the whole document `references` times. */
function referenceBomb(signatures: number, references: number, padBytes: number): string {
  const reference = '<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>' +
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>';
  const signature = '<ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
    `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>${reference.repeat(references)}</ds:SignedInfo>` +
    '<ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>AAAA</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>';
  const pad = `<ContentKeyList>${'<ContentKey kid="00000000-0000-0000-0000-000000000000"/>'.repeat(Math.ceil(padBytes / 55))}</ContentKeyList>`;
  return `<?xml version="1.0" encoding="UTF-8"?><CPIX xmlns="${CPIX}" xmlns:ds="${DS}">${pad}${signature.repeat(signatures)}</CPIX>`;
}

function refusal(xml: string): { code: unknown; message: string; cpuSeconds: number } {
  const start = process.cpuUsage();
  let code: unknown = 'no error';
  let message = '';
  try {
    readCpix(xml);
  } catch (error) {
    code = isOttError(error) ? error.code : error;
    message = String((error as Error).message);
  }
  const used = process.cpuUsage(start);
  return { code, message, cpuSeconds: (used.user + used.system) / 1e6 };
}

describe('verifyCpixSignatures against hostile documents', () => {
  it('refuses thousands of references to a large document before canonicalising it, within a small CPU budget', () => {
    const result = refusal(referenceBomb(1, 5000, 4 * 1024 * 1024));
    expect(result.code).toBe('CPIX_BAD_SIGNATURE');
    expect(result.message).toMatch(/5000 references, more than the 64 accepted/);
    expect(result.cpuSeconds).toBeLessThan(5); // generous: the document is only parsed, never canonicalised
  });

  it('refuses more signatures than the limit', () => {
    expect(refusal(referenceBomb(300, 1, 1000)).message).toMatch(/300 signatures, more than the 256 accepted/);
  });

  it('checks the signer certificate before any referenced content is canonicalised', () => {
    const result = refusal(referenceBomb(1, 64, 4 * 1024 * 1024));
    expect(String(result.code)).toMatch(/^CPIX_/);
    expect(result.message).toMatch(/certificate/i);
    expect(result.message).not.toMatch(/digest/);
  });
});
