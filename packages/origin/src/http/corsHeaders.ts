import type { IncomingHttpHeaders } from 'node:http';

/** Which browser origins may read responses: every origin, a list, a predicate, or none (`false`: no CORS headers). */
export type CorsOrigins = '*' | readonly string[] | ((origin: string) => boolean) | false;

/** Methods the origin answers. */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
const ALLOWED_HEADERS = 'Range, If-None-Match, If-Modified-Since, If-Range, Authorization, Content-Type';
// Players read Content-Range to place a byte range and ETag/Age for caching decisions, X-Ott-Reason to tell why
// access was refused; the rest are safelisted.
const EXPOSED_HEADERS = 'Content-Length, Content-Range, Accept-Ranges, ETag, Age, Date, X-Ott-Reason';

function allowedOrigin(origins: CorsOrigins, origin: string | undefined): string | undefined {
  if (origins === false) return undefined;
  if (origins === '*') return '*';
  if (origin === undefined) return undefined;
  const ok = typeof origins === 'function' ? origins(origin) : origins.includes(origin);
  return ok ? origin : undefined;
}

/**
 * CORS headers of a normal response (empty when the request's `Origin` is not allowed). With `credentials` (the
 * access token cookie), a listed origin also gets `Access-Control-Allow-Credentials: true`; `*` never does (the
 * Fetch standard forbids credentials with a wildcard).
 */
export function corsHeaders(origins: CorsOrigins, headers: IncomingHttpHeaders, credentials = false): Record<string, string> {
  const allow = allowedOrigin(origins, headers.origin);
  const out: Record<string, string> = {};
  // The answer depends on the Origin header whenever it is not a constant `*`: caches must key on it.
  if (origins !== '*' && origins !== false) out['Vary'] = 'Origin';
  if (allow === undefined) return out;
  out['Access-Control-Allow-Origin'] = allow;
  out['Access-Control-Expose-Headers'] = EXPOSED_HEADERS;
  if (credentials && allow !== '*') out['Access-Control-Allow-Credentials'] = 'true';
  return out;
}

/** Extra headers of a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`). */
export function preflightHeaders(origins: CorsOrigins, headers: IncomingHttpHeaders, maxAgeSeconds: number, credentials = false): Record<string, string> {
  const out = corsHeaders(origins, headers, credentials);
  if (out['Access-Control-Allow-Origin'] === undefined) return out;
  delete out['Access-Control-Expose-Headers'];
  out['Access-Control-Allow-Methods'] = ALLOWED_METHODS;
  out['Access-Control-Allow-Headers'] = ALLOWED_HEADERS;
  out['Access-Control-Max-Age'] = String(maxAgeSeconds);
  return out;
}
