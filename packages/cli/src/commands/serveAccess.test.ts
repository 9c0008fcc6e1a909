import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { accessFromFlags } from './serveAccess.js';

const SECRET = 'cli-playback-secret-of-32-bytes-or-more';

describe('ott serve token flags', () => {
  it('turns no flag into no access control', () => {
    expect(accessFromFlags({}, {})).toBeUndefined();
  });

  it('maps a secret, an audience, a signed URL secret and the cookie flag', () => {
    expect(accessFromFlags({ 'jwt-secret': SECRET, audience: 'ott', 'signed-url-secret': `${SECRET}!`, 'token-cookie': true }, {})).toEqual({
      jwt: { algorithms: ['HS256'], secret: SECRET, audience: 'ott' },
      signedUrls: { secret: `${SECRET}!` },
      cookie: true,
    });
  });

  it('reads secrets from OTT_JWT_SECRET and OTT_SIGNED_URL_SECRET', () => {
    expect(accessFromFlags({}, { OTT_JWT_SECRET: SECRET, OTT_SIGNED_URL_SECRET: SECRET })).toMatchObject({ jwt: { secret: SECRET }, signedUrls: { secret: SECRET } });
  });

  it('accepts the algorithm of the public key type only, and RS256/ES256 from a JWKS', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(accessFromFlags({ 'jwt-public-key': ec }, {})?.jwt?.algorithms).toEqual(['ES256']);
    expect(accessFromFlags({ 'jwt-public-key': rsa }, {})?.jwt?.algorithms).toEqual(['RS256']);
    expect(accessFromFlags({ 'jwks-url': 'https://idp.example.com/jwks.json' }, {})?.jwt?.algorithms).toEqual(['RS256', 'ES256']);
  });

  it('refuses --audience without a token key, and an unreadable key file, as CLI_USAGE', () => {
    for (const flags of [{ audience: 'ott' }, { 'jwt-public-key': '/nonexistent/key.pem' }]) {
      let error: unknown;
      try {
        accessFromFlags(flags, {});
      } catch (caught) {
        error = caught;
      }
      expect(isOttError(error) && error.code).toBe('CLI_USAGE');
    }
  });
});
