import type { IncomingHttpHeaders } from 'node:http';

/** A token found in a request, and where. */
export interface FoundToken {
  readonly token: string;
  readonly source: 'query' | 'header' | 'cookie';
}

/** JWS compact serialization characters (base64url parts and dots), bounded in size. */
const TOKEN = /^[A-Za-z0-9_\-.]{1,8192}$/;

/**
 * Finds the playback token of a request: the `param` query parameter first, then `Authorization: Bearer <token>`
 * (RFC 6750 §2.1), then the cookie `cookieName`. Values that cannot be a compact JWS are taken as given and fail
 * verification as malformed; `undefined` when there is none.
 */
export function readPlaybackToken(headers: IncomingHttpHeaders, query: URLSearchParams, param: string, cookieName: string | undefined): FoundToken | undefined {
  const fromQuery = query.get(param);
  if (fromQuery !== null && fromQuery !== '') return { token: fromQuery, source: 'query' };
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return { token: bearer, source: 'header' };
  if (cookieName === undefined || headers.cookie === undefined) return undefined;
  for (const pair of headers.cookie.split(';')) {
    const at = pair.indexOf('=');
    if (at !== -1 && pair.slice(0, at).trim() === cookieName) {
      const value = pair.slice(at + 1).trim();
      if (TOKEN.test(value)) return { token: value, source: 'cookie' };
    }
  }
  return undefined;
}
