import type { ServerResponse } from 'node:http';
import { ERROR_CSP } from '../http/securityHeaders.js';
import type { AccessRefusal } from './AccessOptions.js';

/** Response header that names the reason of a refusal (also exposed to cross-origin players). */
export const REASON_HEADER = 'X-Ott-Reason';

/**
 * Ends `res` with a refusal: its status (401, 403, 400, 404 or 503), `X-Ott-Reason: <code>`, and a JSON body
 * `{"error":"<code>","message":"…"}` that names no secret and echoes nothing from the request. A 401 carries
 * `WWW-Authenticate: Bearer` (RFC 6750 §3, with `error="invalid_token"` when a token was sent); a 503 `Retry-After`.
 */
export function sendRefusal(res: ServerResponse, refusal: AccessRefusal, baseHeaders: Readonly<Record<string, string>>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${JSON.stringify({ error: refusal.reason, message: refusal.message })}\n`;
  const headers: Record<string, string> = {
    ...baseHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': ERROR_CSP,
    [REASON_HEADER]: refusal.reason,
  };
  if (refusal.status === 401) headers['WWW-Authenticate'] = refusal.reason === 'token_missing' ? 'Bearer realm="ott"' : 'Bearer realm="ott", error="invalid_token"';
  if (refusal.status === 503) headers['Retry-After'] = '1';
  res.writeHead(refusal.status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
