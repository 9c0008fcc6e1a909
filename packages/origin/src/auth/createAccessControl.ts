import type { IncomingMessage } from 'node:http';
import { OttError } from '@ott/core';
import type { JWTPayload } from 'jose';
import type { AccessOptions, AccessRefusal, SignedUrlParams, TokenCookieOptions } from './AccessOptions.js';
import { createJwtVerifier, type TokenCheck } from './createJwtVerifier.js';
import { readPlaybackToken, type FoundToken } from './readPlaybackToken.js';
import { secretBytes } from './secretBytes.js';
import { DEFAULT_SIGNED_URL_PARAMS } from './signedUrlMac.js';
import { VerifiedCredentials } from './VerifiedCredentials.js';
import { verifySignedUrl } from './verifySignedUrl.js';

/** A request that may be served, and how its manifests carry the credential on. */
export interface AccessGrant {
  readonly ok: true;
  /** Encoded query (`token=…`, or the signed URL parameters) to append to manifest URIs; none when the credential came in a header or cookie, or with cookies on. */
  readonly carry?: string;
  /** `Set-Cookie` value for a manifest response (cookie mode, token not from the cookie). */
  readonly cookie?: string;
  /** The credential itself (token or signature): the viewer's identity for cached play decisions. */
  readonly credential: string;
  /** The token's `sub`, if any. */
  readonly subject?: string;
  /** When the credential stops being valid (signed URL `exp`, token `exp`), Unix seconds. */
  readonly expiresAt?: number;
}

/** The check of every request of an origin with `access`. */
export interface AccessControl {
  check(req: IncomingMessage, request: AccessRequest): Promise<AccessGrant | ({ readonly ok: false } & AccessRefusal)>;
  /** `true` in cookie mode (CORS then allows credentials for listed origins). */
  readonly cookies: boolean;
  readonly segmentCache: 'private' | 'shared';
}

/** What {@link AccessControl.check} looks at besides the headers. */
export interface AccessRequest {
  readonly stream: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly clientIp: string | undefined;
}

/**
 * Builds the access check of `createOrigin({ access })`. A request with the signed-URL signature parameter is
 * checked as a signed URL; otherwise its token (`?token=`, `Authorization: Bearer`, or the cookie) is verified and
 * must name the stream (`stream` or `streams` claim, `'*'` for all) and, with `checkClientIp`, the viewer's
 * address (`ip` claim). Throws `ORIGIN_ACCESS_INVALID` for options that cannot work.
 */
export function createAccessControl(options: AccessOptions): AccessControl {
  if (options.jwt === undefined && options.signedUrls === undefined) invalid('access needs jwt, signedUrls or both.');
  const verify = options.jwt === undefined ? undefined : rememberVerified(createJwtVerifier(options.jwt), options.jwt.clockToleranceSeconds ?? 30);
  const signed = options.signedUrls === undefined ? undefined : {
    secret: secretBytes(options.signedUrls.secret, 'access.signedUrls.secret'),
    params: { ...DEFAULT_SIGNED_URL_PARAMS, ...options.signedUrls.params } as Required<SignedUrlParams>,
    clockToleranceSeconds: options.signedUrls.clockToleranceSeconds ?? 0,
    verified: new VerifiedCredentials<true>(),
  };
  const cookie: Required<TokenCookieOptions> | undefined = options.cookie === undefined || options.cookie === false ? undefined : {
    name: 'ott_token',
    sameSite: 'Lax',
    secure: false,
    ...(options.cookie === true ? {} : options.cookie),
  };
  if (cookie !== undefined && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(cookie.name)) invalid(`access.cookie.name must be a cookie name token, got '${cookie.name}'.`);
  const tokenParam = options.tokenParam ?? 'token';
  if (tokenParam === '') invalid('access.tokenParam must not be empty.');
  const checkIp = options.jwt?.checkClientIp ?? false;

  return {
    cookies: cookie !== undefined,
    segmentCache: options.segmentCache ?? 'private',
    async check(req, request) {
      if (signed !== undefined && request.query.has(signed.params.signature)) {
        const result = verifySignedUrl(`/${request.segments.join('/')}`, request.query, signed);
        return result.ok ? { ok: true, carry: result.carry, credential: result.carry, expiresAt: result.expires } : result;
      }
      const found = verify === undefined ? undefined : readPlaybackToken(req.headers, request.query, tokenParam, cookie?.name);
      if (verify === undefined || found === undefined) return refuse(401, 'token_missing', signed === undefined ? 'a playback token is required (?token=, Authorization: Bearer)' : 'a playback token or a signed URL is required');
      const checked: TokenCheck = await verify(found.token);
      if (!checked.ok) return checked;
      const { claims } = checked;
      if (!grantsStream(claims, request.stream)) return refuse(403, 'wrong_stream', 'the token does not grant this stream');
      if (checkIp !== false && !matchesIp(claims, request.clientIp, checkIp === 'required')) return refuse(403, 'ip_mismatch', 'the token is bound to another address');
      return {
        ok: true,
        credential: found.token,
        ...(typeof claims.sub === 'string' ? { subject: claims.sub } : {}),
        ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp } : {}),
        ...(found.source === 'query' && cookie === undefined ? { carry: `${encodeURIComponent(tokenParam)}=${encodeURIComponent(found.token)}` } : {}),
        ...(cookie !== undefined && found.source !== 'cookie' ? { cookie: cookieOf(cookie, found, claims, request) } : {}),
      };
    },
  };
}

/**
 * A token verifier that remembers tokens it accepted (by their text, see {@link VerifiedCredentials}) until their
 * `exp` (plus the clock tolerance) or for a minute: a viewer sends the same token with every request. Key sets are
 * cached for minutes anyway (`jwksCacheMaxAgeMs`), so a minute adds no new staleness.
 */
function rememberVerified(verify: (token: string) => Promise<TokenCheck>, toleranceSeconds: number): (token: string) => Promise<TokenCheck> {
  const accepted = new VerifiedCredentials<TokenCheck>();
  return async (token) => {
    const known = accepted.get(token);
    if (known !== undefined) return known;
    const checked = await verify(token);
    if (checked.ok && typeof checked.claims.exp === 'number') accepted.set(token, checked, (checked.claims.exp + toleranceSeconds) * 1000);
    return checked;
  };
}

function invalid(message: string): never {
  throw new OttError('ORIGIN_ACCESS_INVALID', message, { stage: 'origin' });
}

function refuse(status: AccessRefusal['status'], reason: AccessRefusal['reason'], message: string): { ok: false } & AccessRefusal {
  return { ok: false, status, reason, message };
}

/** `stream` equal to the stream or `'*'`, or `streams` listing either. */
function grantsStream(claims: JWTPayload, stream: string): boolean {
  const one = claims['stream'];
  if (typeof one === 'string' && (one === stream || one === '*')) return true;
  const many = claims['streams'];
  return Array.isArray(many) && many.some((entry) => entry === stream || entry === '*');
}

function matchesIp(claims: JWTPayload, clientIp: string | undefined, required: boolean): boolean {
  const claim = claims['ip'];
  if (claim === undefined) return !required;
  const allowed = (Array.isArray(claim) ? claim : [claim]).filter((entry): entry is string => typeof entry === 'string').map(normalizeIp);
  return clientIp !== undefined && allowed.includes(normalizeIp(clientIp));
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is `192.0.2.1`; IPv6 compares in lower case. */
export function normalizeIp(address: string): string {
  const lower = address.trim().toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

/** The HttpOnly cookie that carries the token to the stream's other files, for as long as the token is valid. */
function cookieOf(cookie: Required<TokenCookieOptions>, found: FoundToken, claims: JWTPayload, request: AccessRequest): string {
  const at = request.segments.indexOf(request.stream);
  const path = at === -1 ? '/' : `/${request.segments.slice(0, at + 1).map(encodeURIComponent).join('/')}/`;
  const maxAge = Math.max(0, Math.floor((claims.exp ?? 0) - Date.now() / 1000));
  const secure = cookie.secure || cookie.sameSite === 'None' ? '; Secure' : '';
  return `${cookie.name}=${found.token}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=${cookie.sameSite}${secure}`;
}
