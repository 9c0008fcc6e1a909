import { timingSafeEqual } from 'node:crypto';
import type { AccessRefusal, SignedUrlParams } from './AccessOptions.js';
import { signedUrlMac } from './signedUrlMac.js';
import type { VerifiedCredentials } from './VerifiedCredentials.js';

/** A signed URL that checks out: the parameters to copy into manifest URIs. */
export interface SignedUrlGrant {
  readonly ok: true;
  readonly prefix: string;
  readonly expires: number;
  /** `exp=…&prefix=…&sig=…`, as received (encoded for a query). */
  readonly carry: string;
}

/** What {@link verifySignedUrl} needs. */
export interface SignedUrlCheck {
  readonly secret: Uint8Array;
  readonly params: Required<SignedUrlParams>;
  readonly clockToleranceSeconds: number;
  /** Now, in ms (tests). */
  readonly now?: number;
  /** MACs verified lately (by prefix, expiry and signature): skips the HMAC for a viewer's later requests. */
  readonly verified?: VerifiedCredentials<true>;
}

/**
 * Checks the signed-URL parameters of a request for `path` (decoded, `/a/b.m4s`): all three present and well formed
 * (else 403 `signed_url_malformed`), the MAC of prefix and expiry equal to the signature in constant time (else
 * `signed_url_tampered`; checked first, so a changed expiry is "tampered", not "expired"), not expired
 * (`signed_url_expired`), and the path under the prefix (`signed_url_wrong_path`).
 */
export function verifySignedUrl(path: string, query: URLSearchParams, check: SignedUrlCheck): SignedUrlGrant | ({ readonly ok: false } & AccessRefusal) {
  const { params } = check;
  const refuse = (reason: AccessRefusal['reason'], message: string): { ok: false } & AccessRefusal => ({ ok: false, status: 403, reason, message });
  const values = [params.expires, params.prefix, params.signature].map((name) => query.getAll(name));
  if (values.some((list) => list.length !== 1)) return refuse('signed_url_malformed', `a signed URL needs exactly one each of ${params.expires}, ${params.prefix} and ${params.signature}`);
  const [[rawExpires = ''] = [], [prefix = ''] = [], [signature = ''] = []] = values;
  if (!/^\d{1,12}$/.test(rawExpires) || !prefix.startsWith('/') || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return refuse('signed_url_malformed', 'the signed URL parameters are malformed');
  const expires = Number(rawExpires);
  const now = check.now ?? Date.now();
  const key = `${prefix}\n${rawExpires}\n${signature}`;
  if (check.verified?.get(key, now) === undefined) {
    const expected = signedUrlMac(check.secret, prefix, expires);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('signed_url_tampered', 'the URL signature does not match its prefix and expiry');
    check.verified?.set(key, true, (expires + check.clockToleranceSeconds) * 1000 + 1000, now);
  }
  if (now / 1000 > expires + check.clockToleranceSeconds) return refuse('signed_url_expired', 'the signed URL has expired');
  if (!path.startsWith(prefix)) return refuse('signed_url_wrong_path', 'the signed URL does not cover this path');
  const carry = new URLSearchParams([[params.expires, rawExpires], [params.prefix, prefix], [params.signature, signature]]).toString();
  return { ok: true, prefix, expires, carry };
}
