import { createHmac } from 'node:crypto';
import type { SignedUrlParams } from './AccessOptions.js';

/** Default query parameter names of a signed URL. */
export const DEFAULT_SIGNED_URL_PARAMS: Required<SignedUrlParams> = { expires: 'exp', prefix: 'prefix', signature: 'sig' };

/**
 * The MAC of a signed URL: HMAC-SHA256 over `<prefix>\n<expires>` (the decoded path prefix, a newline, the expiry in
 * Unix seconds as decimal). The newline keeps the two fields apart: `/a1` + `23` and `/a` + `123` sign differently.
 */
export function signedUrlMac(secret: Uint8Array, prefix: string, expires: number): Buffer {
  return createHmac('sha256', secret).update(`${prefix}\n${expires}`).digest();
}
