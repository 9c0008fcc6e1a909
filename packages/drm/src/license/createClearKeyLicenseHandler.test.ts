import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKeyFromHex } from '../keys/ContentKey.js';
import { createClearKeyLicenseHandler } from './createClearKeyLicenseHandler.js';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = '00112233445566778899aabbccddeeff';
const SECRET = new TextEncoder().encode('a-test-secret-of-32-bytes-length!');
const b64url = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer(createClearKeyLicenseHandler({ keys: [contentKeyFromHex(KID, KEY)], verifyToken: { secret: SECRET, audience: 'ott-player', issuer: 'ott-tests' } }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/license`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function token(claims: Record<string, unknown> = {}, expires: string | number = '5m', secret = SECRET): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('ott-tests').setAudience('ott-player').setIssuedAt().setExpirationTime(expires).sign(secret);
}

async function license(bearer: string | undefined, kids = [b64url(KID)]): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }, body: JSON.stringify({ kids, type: 'temporary' }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('createClearKeyLicenseHandler', () => {
  it('answers a request with a valid token with the W3C ClearKey JWK set', async () => {
    const { status, body } = await license(await token());
    expect(status).toBe(200);
    expect(body).toEqual({ keys: [{ kty: 'oct', kid: b64url(KID), k: b64url(KEY) }], type: 'temporary' });
  });

  it('refuses missing, expired, badly signed and unsigned (alg none) tokens with 401 and a reason, never a key', async () => {
    const expired = await token({}, Math.floor(Date.now() / 1000) - 60);
    const forged = await token({}, '5m', new TextEncoder().encode('another-secret-of-32-bytes-long!!'));
    const none = new UnsecuredJWT({}).setIssuer('ott-tests').setAudience('ott-player').setExpirationTime('5m').encode();
    const cases: [string | undefined, RegExp][] = [[undefined, /Bearer/], [expired, /expired/], [forged, /signature/], [none, /algorithm|unsigned/]];
    for (const [bearer, reason] of cases) {
      const { status, body } = await license(bearer);
      expect(status).toBe(401);
      expect(String(body.reason)).toMatch(reason);
      expect(JSON.stringify(body)).not.toContain(b64url(KEY));
    }
  });

  it('answers 403 for a wrong audience and for kids the token does not grant', async () => {
    const wrongAudience = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('ott-tests').setAudience('someone-else').setExpirationTime('5m').sign(SECRET);
    expect((await license(wrongAudience)).status).toBe(403);
    const limited = await token({ kids: ['ffffffffffffffffffffffffffffffff'] });
    expect((await license(limited)).status).toBe(403);
  });

  it('answers 404 for unknown key ids and 400 for a malformed body', async () => {
    expect((await license(await token(), [b64url('ab'.repeat(16))])).status).toBe(404);
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${await token()}` }, body: 'not json' });
    expect(response.status).toBe(400);
  });
});
