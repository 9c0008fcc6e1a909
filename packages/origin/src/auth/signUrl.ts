import { OttError } from '@ott/core';
import type { SignedUrlParams } from './AccessOptions.js';
import { secretBytes } from './secretBytes.js';
import { DEFAULT_SIGNED_URL_PARAMS, signedUrlMac } from './signedUrlMac.js';

/** Options of {@link signUrl}. */
export interface SignUrlOptions {
  /** The origin's `access.signedUrls.secret` (at least 32 bytes). */
  readonly secret: string | Uint8Array;
  /** Lifetime in seconds from now (default 3600), unless `expiresAt` is given. */
  readonly expiresInSeconds?: number;
  /** Expiry as a `Date` or Unix seconds. */
  readonly expiresAt?: Date | number;
  /**
   * The path prefix the signature covers, e.g. `/news/` for every file of stream `news`. Default: the folder of the
   * URL's path (`/news/master.m3u8` → `/news/`). The URL's own path must start with it.
   */
  readonly prefix?: string;
  /** Query parameter names, as configured in the origin. */
  readonly params?: SignedUrlParams;
}

/**
 * Signs a URL for an origin with `access.signedUrls` (or a CDN that checks the same scheme): appends
 * `exp=<unix seconds>&prefix=<path prefix>&sig=<base64url HMAC-SHA256 of "<prefix>\n<exp>">`. Every file under the
 * prefix may be fetched with these parameters until the expiry; the origin copies them into the URIs of the
 * manifests it serves, so the player's segment requests carry them. Works on absolute URLs and on paths.
 *
 * @example
 * ```ts
 * declare const secret: string; // 32+ bytes
 * const url = signUrl('https://cdn.example.com/news/master.m3u8', { secret, expiresInSeconds: 600 });
 * ```
 */
export function signUrl(url: string, options: SignUrlOptions): string {
  const key = secretBytes(options.secret, 'signUrl secret');
  const names = { ...DEFAULT_SIGNED_URL_PARAMS, ...options.params };
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(url);
  const parsed = new URL(url, 'http://relative.invalid');
  const path = decodeURIComponent(parsed.pathname);
  const prefix = options.prefix ?? path.slice(0, path.lastIndexOf('/') + 1);
  if (!prefix.startsWith('/') || !path.startsWith(prefix)) {
    throw new OttError('ORIGIN_ACCESS_INVALID', `signUrl: the prefix must start with '/' and begin the URL's path, got prefix '${prefix}' for '${path}'.`, { stage: 'origin' });
  }
  const at = options.expiresAt;
  const expires = at instanceof Date ? Math.floor(at.getTime() / 1000) : at ?? Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 3600);
  if (!Number.isSafeInteger(expires) || expires < 0) throw new OttError('ORIGIN_ACCESS_INVALID', `signUrl: the expiry must be a whole number of Unix seconds, got ${expires}.`, { stage: 'origin' });
  for (const name of [names.expires, names.prefix, names.signature]) parsed.searchParams.delete(name);
  parsed.searchParams.append(names.expires, String(expires));
  parsed.searchParams.append(names.prefix, prefix);
  parsed.searchParams.append(names.signature, signedUrlMac(key, prefix, expires).toString('base64url'));
  return absolute ? parsed.href : `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
