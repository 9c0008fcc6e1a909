import { rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { signPlaybackToken, type SignPlaybackTokenOptions } from './auth/signPlaybackToken.js';
import { signUrl } from './auth/signUrl.js';
import { createOrigin } from './createOrigin.js';
import { startOrigin, type RunningOrigin } from './startOrigin.js';
import { AUDIENCE, expectRefused, HS_SECRET, startJwksServer, testKeys, URL_SECRET, writeAccessFolder, type JwksServer } from './testing/accessFixture.js';
import { rawRequest } from './testing/rawRequest.js';

let root: string;
let origin: RunningOrigin;
let rsOnly: RunningOrigin;
let jwks: JwksServer;
const keys = testKeys();
const rsaPem = keys.rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const ecJwk: JWK = { ...keys.ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', alg: 'ES256', use: 'sig' };

beforeAll(async () => {
  root = await writeAccessFolder();
  jwks = await startJwksServer([ecJwk]);
  origin = await startOrigin({
    root,
    access: {
      jwt: { secret: HS_SECRET, publicKey: rsaPem, jwksUrl: jwks.url, algorithms: ['HS256', 'RS256', 'ES256'], audience: AUDIENCE, checkClientIp: true, jwksCooldownMs: 60_000 },
      signedUrls: { secret: URL_SECRET },
    },
  });
  rsOnly = await startOrigin({ root, access: { jwt: { publicKey: rsaPem, algorithms: ['RS256'] } } });
});

afterAll(async () => {
  await origin?.close();
  await rsOnly?.close();
  await jwks?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const hs = (claims: Partial<SignPlaybackTokenOptions> = {}): Promise<string> =>
  signPlaybackToken({ algorithm: 'HS256', secret: HS_SECRET, stream: 'news', audience: AUDIENCE, expiresInSeconds: 600, ...claims });
const get = (path: string, headers: Record<string, string> = {}, port = origin.port) => rawRequest(port, path, { headers });

describe('origin access control: playback tokens', () => {
  it('plays with a valid token: the multivariant playlist, the media playlist and the segments it names', async () => {
    const token = await hs();
    const master = await get(`/news/master.m3u8?token=${token}`);
    expect(master.status).toBe(200);
    expect(master.body.toString()).toContain(`video/playlist.m3u8?token=${token}`);
    expect(master.headers['cache-control']).toBe('private, no-store');
    const media = await get(`/news/video/playlist.m3u8?token=${token}`);
    expect(media.body.toString()).toContain(`#EXT-X-MAP:URI="init.mp4?token=${token}"`);
    expect(media.body.toString()).toContain(`seg-00001.m4s?token=${token}`);
    const segment = await get(`/news/video/seg-00001.m4s?token=${token}`);
    expect(segment.status).toBe(200);
    expect(segment.body.toString()).toBe('segment-1');
    expect(segment.headers['cache-control']).toBe('private, max-age=31536000, immutable');
  });

  it('rewrites the MPD templates and gives each token its own ETag', async () => {
    const [a, b] = await Promise.all([hs({ subject: 'a' }), hs({ subject: 'b' })]);
    const first = await get(`/news/manifest.mpd?token=${a}`);
    expect(first.body.toString()).toContain(`media="$RepresentationID$/seg-$Number%05d$.m4s?token=${a}"`);
    const second = await get(`/news/manifest.mpd?token=${b}`);
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect((await get(`/news/manifest.mpd?token=${b}`, { 'If-None-Match': String(first.headers.etag) })).status).toBe(200);
  });

  it('accepts the token in Authorization: Bearer and then leaves the manifest as it is', async () => {
    const res = await get('/news/master.m3u8', { Authorization: `Bearer ${await hs()}` });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('\nvideo/playlist.m3u8\n');
  });

  it('verifies RS256 with the public key and ES256 from the JWKS (by kid)', async () => {
    const rs = await signPlaybackToken({ algorithm: 'RS256', privateKey: keys.rsa.privateKey, stream: 'news', audience: AUDIENCE });
    expect((await get(`/news/master.m3u8?token=${rs}`)).status).toBe(200);
    const es = await signPlaybackToken({ algorithm: 'ES256', privateKey: keys.ec.privateKey, keyId: 'ec-1', stream: 'news', audience: AUDIENCE });
    expect((await get(`/news/master.m3u8?token=${es}`)).status).toBe(200);
  });

  it.each<[string, () => Promise<string | undefined>, number, string]>([
    ['no token', async () => undefined, 401, 'token_missing'],
    ['an expired token', () => hs({ expiresAt: Math.floor(Date.now() / 1000) - 3600 }), 401, 'token_expired'],
    ['a token not valid yet', () => hs({ notBefore: Math.floor(Date.now() / 1000) + 3600 }), 401, 'token_not_yet_valid'],
    ['a token for another audience', () => hs({ audience: 'someone-else' }), 403, 'wrong_audience'],
    ['a token for another stream', () => hs({ stream: 'sports' }), 403, 'wrong_stream'],
    ['an unsigned alg:none token', async () => new UnsecuredJWT({ stream: 'news', aud: AUDIENCE }).setExpirationTime('10m').encode(), 401, 'alg_not_allowed'],
    ['an HS256 token keyed with the RS256 public key (HS/RS confusion)', () => hs({ secret: rsaPem }), 401, 'bad_signature'],
    ['a token whose signature was changed', async () => `${(await hs()).slice(0, -4)}AAAA`, 401, 'bad_signature'],
    ['a token whose claims were changed', async () => {
      const [header, , signature] = (await hs()).split('.');
      const claims = Buffer.from(JSON.stringify({ stream: '*', aud: AUDIENCE, exp: 9_999_999_999 })).toString('base64url');
      return `${header}.${claims}.${signature}`;
    }, 401, 'bad_signature'],
    ['an HS512 token (not in the allow list)', () => new SignJWT({ stream: 'news', aud: AUDIENCE }).setProtectedHeader({ alg: 'HS512' }).setExpirationTime('10m').sign(new TextEncoder().encode(HS_SECRET)), 401, 'alg_not_allowed'],
    ['a token without exp', () => new SignJWT({ stream: 'news', aud: AUDIENCE }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(HS_SECRET)), 401, 'token_claim_missing'],
    ['a token bound to another address', () => hs({ ip: '203.0.113.7' }), 403, 'ip_mismatch'],
    ['an ES256 token with a kid the JWKS does not have', () => signPlaybackToken({ algorithm: 'ES256', privateKey: keys.ec.privateKey, keyId: 'ec-9', stream: 'news', audience: AUDIENCE }), 401, 'unknown_key'],
    ['garbage', async () => 'not-a-jwt', 401, 'token_malformed'],
    ['a JWT-looking string with a bad header', async () => 'eyJub3QiOiJqc29uIn0.e30.AAAA', 401, 'alg_not_allowed'],
  ])('refuses %s with %i and a reason code, never a 500', async (_name, make, status, reason) => {
    const token = await make();
    for (const path of ['/news/master.m3u8', '/news/video/seg-00001.m4s']) {
      const res = await get(token === undefined ? path : `${path}?token=${encodeURIComponent(token)}`);
      expectRefused(res, status, reason);
      if (status === 401) expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="ott"/);
    }
  });

  it('refuses an HS256 token keyed with the public key on an RS256-only origin as alg_not_allowed', async () => {
    expectRefused(await get(`/news/master.m3u8?token=${await hs({ secret: rsaPem })}`, {}, rsOnly.port), 401, 'alg_not_allowed');
  });

  it('accepts a token bound to the viewer address, and "*" or a streams list', async () => {
    expect((await get(`/news/master.m3u8?token=${await hs({ ip: '127.0.0.1' })}`)).status).toBe(200);
    expect((await get(`/sports/master.m3u8?token=${await hs({ stream: '*' })}`)).status).toBe(200);
    expect((await get(`/sports/master.m3u8?token=${await hs({ stream: undefined, streams: ['weather', 'sports'] })}`)).status).toBe(200);
  });

  it('refetches the JWKS for an unknown kid at most once per cooldown', async () => {
    const before = jwks.fetches();
    const unknown = await signPlaybackToken({ algorithm: 'ES256', privateKey: keys.ec.privateKey, keyId: 'ec-404', stream: 'news', audience: AUDIENCE });
    for (let i = 0; i < 3; i++) expectRefused(await get(`/news/master.m3u8?token=${unknown}`), 401, 'unknown_key');
    expect(jwks.fetches() - before).toBeLessThanOrEqual(1);
  });

  it('checks the stream name and the stream of the path before touching the file system', async () => {
    const token = await hs({ stream: '*' });
    expectRefused(await get(`/top.m3u8?token=${token}`), 404, 'no_stream');
    expectRefused(await get(`/news!/master.m3u8?token=${token}`), 400, 'bad_stream_name');
    expectRefused(await get(`/${'n'.repeat(65)}/master.m3u8?token=${token}`), 400, 'bad_stream_name');
    expectRefused(await get('/missing/master.m3u8'), 401, 'token_missing'); // no hint whether the stream exists
  });

  it('answers 503 jwks_unavailable when the key set cannot be fetched, never 500', async () => {
    const dead = await startOrigin({ root, access: { jwt: { jwksUrl: 'http://127.0.0.1:9/jwks.json', algorithms: ['ES256'], jwksTimeoutMs: 500 } } });
    try {
      const token = await signPlaybackToken({ algorithm: 'ES256', privateKey: keys.ec.privateKey, keyId: 'ec-1', stream: 'news' });
      expectRefused(await get(`/news/master.m3u8?token=${token}`, {}, dead.port), 503, 'jwks_unavailable');
    } finally {
      await dead.close();
    }
  });
});

describe('origin access control: signed URLs', () => {
  const signed = (path: string, options: { expiresAt?: number; prefix?: string } = {}): string => signUrl(path, { secret: URL_SECRET, expiresInSeconds: 600, ...options });

  it('serves a signed URL and carries its parameters into the playlists it serves', async () => {
    const url = signed('/news/master.m3u8');
    const master = await get(url);
    expect(master.status).toBe(200);
    const carried = /^video\/playlist\.m3u8\?(.+)$/m.exec(master.body.toString())?.[1] ?? '';
    expect(carried).toBe(url.split('?')[1]);
    expect((await get(`/news/video/seg-00001.m4s?${carried}`)).status).toBe(200);
  });

  it.each<[string, (url: string) => string, string]>([
    ['a later expiry', (url) => url.replace(/exp=(\d+)/, (_m, exp: string) => `exp=${Number(exp) + 86_400}`), 'signed_url_tampered'],
    ['a wider prefix', (url) => url.replace('prefix=%2Fnews%2F', 'prefix=%2F'), 'signed_url_tampered'],
    ['another signature', (url) => url.replace(/sig=[^&]+/, `sig=${'A'.repeat(43)}`), 'signed_url_tampered'],
    ['a missing signature', (url) => url.replace(/&sig=[^&]+/, ''), 'token_missing'],
    ['a missing expiry', (url) => url.replace(/exp=\d+&/, ''), 'signed_url_malformed'],
  ])('refuses a signed URL with %s (403, never 500)', async (_name, tamper, reason) => {
    const res = await get(tamper(signed('/news/master.m3u8')));
    expectRefused(res, reason === 'token_missing' ? 401 : 403, reason);
  });

  it('refuses an expired signed URL and one used for another stream', async () => {
    expectRefused(await get(signed('/news/master.m3u8', { expiresAt: Math.floor(Date.now() / 1000) - 10 })), 403, 'signed_url_expired');
    const news = signed('/news/master.m3u8');
    expectRefused(await get(`/sports/master.m3u8?${news.split('?')[1]}`), 403, 'signed_url_wrong_path');
  });
});

describe('origin access options', () => {
  it.each([
    [{ jwt: { secret: HS_SECRET, algorithms: [] } }],
    [{ jwt: { secret: 'short', algorithms: ['HS256' as const] } }],
    [{ jwt: { secret: HS_SECRET, algorithms: ['none' as unknown as 'HS256'] } }],
    [{ jwt: { algorithms: ['HS256' as const] } }],
    [{ jwt: { secret: HS_SECRET, algorithms: ['HS256' as const, 'RS256' as const] } }],
    [{ jwt: { publicKey: rsaPem, algorithms: ['ES256' as const] } }],
    [{ jwt: { publicKey: HS_SECRET, algorithms: ['RS256' as const] } }],
    [{ signedUrls: { secret: 'short' } }],
    [{}],
  ])('refuses a configuration that cannot work with ORIGIN_ACCESS_INVALID (%#)', (access) => {
    let error: unknown;
    try {
      createOrigin({ root, access });
    } catch (caught) {
      error = caught;
    }
    expect(isOttError(error) && error.code).toBe('ORIGIN_ACCESS_INVALID');
  });
});

describe('origin access control: symbolic links', () => {
  it("refuses a symlink in a stream's folder that leads into another stream's, for a token of the first", async () => {
    await symlink(join(root, 'sports'), join(root, 'news', 'sports-link'));
    await symlink(join(root, 'sports', 'master.m3u8'), join(root, 'news', 'other.m3u8'));
    await symlink(join(root, 'news', 'video', 'init.mp4'), join(root, 'news', 'init-link.mp4'));
    const token = await hs();
    expect((await get(`/news/sports-link/master.m3u8?token=${token}`)).status).toBe(403);
    expect((await get(`/news/other.m3u8?token=${token}`)).status).toBe(403);
    // A link that stays inside the stream's own folder is fine.
    const inside = await get(`/news/init-link.mp4?token=${token}`);
    expect(inside.status).toBe(200);
    expect(inside.body.toString()).toBe('init');
  });
});
