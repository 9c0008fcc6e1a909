import { describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { signUrl } from './signUrl.js';
import { DEFAULT_SIGNED_URL_PARAMS } from './signedUrlMac.js';
import { verifySignedUrl } from './verifySignedUrl.js';

const SECRET = 'signed-url-secret-that-is-32-bytes-long';
const check = { secret: new TextEncoder().encode(SECRET), params: DEFAULT_SIGNED_URL_PARAMS, clockToleranceSeconds: 0 };
const query = (url: string): URLSearchParams => new URL(url, 'http://x').searchParams;

describe('signUrl / verifySignedUrl', () => {
  it('signs the folder of the URL by default and verifies for every path under it until the expiry', () => {
    const url = signUrl('https://cdn.example.com/news/master.m3u8?a=1', { secret: SECRET, expiresAt: 2_000_000_000 });
    expect(url).toMatch(/^https:\/\/cdn\.example\.com\/news\/master\.m3u8\?a=1&exp=2000000000&prefix=%2Fnews%2F&sig=[A-Za-z0-9_-]{43}$/);
    const now = 1_999_999_000_000;
    expect(verifySignedUrl('/news/video/seg-00001.m4s', query(url), { ...check, now })).toMatchObject({ ok: true, prefix: '/news/', expires: 2_000_000_000 });
    expect(verifySignedUrl('/sports/master.m3u8', query(url), { ...check, now })).toMatchObject({ ok: false, status: 403, reason: 'signed_url_wrong_path' });
    expect(verifySignedUrl('/news/master.m3u8', query(url), { ...check, now: 2_000_000_001_000 })).toMatchObject({ ok: false, reason: 'signed_url_expired' });
  });

  it('calls a changed expiry, prefix or signature tampered, and missing or repeated parameters malformed', () => {
    const url = signUrl('/news/master.m3u8', { secret: SECRET, expiresInSeconds: 60 });
    expect(url.startsWith('/news/master.m3u8?exp=')).toBe(true);
    const tamper = (name: string, value: string): URLSearchParams => {
      const q = query(url);
      q.set(name, value);
      return q;
    };
    const exp = Number(query(url).get('exp'));
    expect(verifySignedUrl('/news/a.m4s', tamper('exp', String(exp + 3600)), check)).toMatchObject({ reason: 'signed_url_tampered' });
    expect(verifySignedUrl('/news/a.m4s', tamper('prefix', '/'), check)).toMatchObject({ reason: 'signed_url_tampered' });
    expect(verifySignedUrl('/news/a.m4s', tamper('sig', 'A'.repeat(43)), check)).toMatchObject({ reason: 'signed_url_tampered' });
    const other = signUrl('/news/master.m3u8', { secret: 'another-secret-that-is-32-bytes-long!!', expiresInSeconds: 60 });
    expect(verifySignedUrl('/news/a.m4s', query(other), check)).toMatchObject({ reason: 'signed_url_tampered' });
    const twice = query(url);
    twice.append('sig', 'x');
    expect(verifySignedUrl('/news/a.m4s', twice, check)).toMatchObject({ status: 403, reason: 'signed_url_malformed' });
    expect(verifySignedUrl('/news/a.m4s', tamper('exp', '1e10'), check)).toMatchObject({ reason: 'signed_url_malformed' });
  });

  it('refuses a short secret and a prefix that does not begin the path', () => {
    for (const sign of [() => signUrl('/a/b', { secret: 'short' }), () => signUrl('/a/b', { secret: SECRET, prefix: '/c/' })]) {
      let error: unknown;
      try {
        sign();
      } catch (caught) {
        error = caught;
      }
      expect(isOttError(error) && error.code).toBe('ORIGIN_ACCESS_INVALID');
    }
  });
});
