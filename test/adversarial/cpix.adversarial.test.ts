// CPIX documents made to cost minutes of canonicalisation: refused on their counts and signer before any digest.
import { describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { readCpix } from '@ott/drm';
import { referenceBomb } from './support/hostileCpix.js';

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
