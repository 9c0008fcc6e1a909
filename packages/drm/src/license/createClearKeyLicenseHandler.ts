import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JsonWebKey } from 'node:crypto';
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose';
import type { ContentKey } from '../keys/ContentKey.js';
import { toBase64Url, toHex } from '../keys/hex.js';

/** How license requests are authenticated: a JWT in `Authorization: Bearer`, checked with `jose`. */
export interface ClearKeyTokenCheck {
  /** HMAC secret (HS256/384/512 tokens). */
  readonly secret?: string | Uint8Array;
  /** Public keys: a JWKS URL or a JSON Web Key Set (RS/ES/PS/EdDSA tokens). */
  readonly jwks?: string | { readonly keys: readonly JsonWebKey[] };
  readonly audience: string;
  readonly issuer: string;
  /** Allowed `alg` values; default HS256 with `secret`, else RS256, ES256, PS256, EdDSA. `none` is never allowed. */
  readonly algorithms?: readonly string[];
}

/** Options of {@link createClearKeyLicenseHandler}. */
export interface ClearKeyLicenseOptions {
  /** The keys it may hand out. */
  readonly keys: readonly ContentKey[];
  /** Require a JWT (recommended beyond local tests). A `kids` claim (hex or base64url) limits the keys served. */
  readonly verifyToken?: ClearKeyTokenCheck;
  /** Send permissive CORS headers (players run on another origin); default true. */
  readonly cors?: boolean;
}

/** Request handler for `node:http` `createServer`. */
export type LicenseRequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

const MAX_BODY = 64 * 1024;

/**
 * A W3C ClearKey license server (EME §9.1.3/§9.1.4) as a `node:http` handler, for development and tests: answers a
 * POSTed `{"kids":[…]}` with `{"keys":[{"kty":"oct","kid","k"}],"type":"temporary"}` (base64url). With `verifyToken`
 * the request needs a valid JWT (signature, `exp`, `aud`, `iss`; unsecured `alg: none` tokens are refused): 401 for a
 * missing, expired or badly signed token, 403 for a wrong audience/issuer or kids outside the token's `kids` claim.
 * Errors answer `{"error","reason"}`; key values are only ever in a successful response body.
 *
 * @example
 * ```ts
 * declare const kid: string, key: string; // 32 hex digits each
 * createServer(createClearKeyLicenseHandler({ keys: [contentKeyFromHex(kid, key)] })).listen(8080);
 * ```
 */
export function createClearKeyLicenseHandler(options: ClearKeyLicenseOptions): LicenseRequestHandler {
  const byKid = new Map(options.keys.map((k) => [toBase64Url(k.kid), k]));
  const verifier = options.verifyToken === undefined ? undefined : tokenVerifier(options.verifyToken);
  return (request, response) => {
    if (options.cors !== false) {
      response.setHeader('access-control-allow-origin', '*');
      response.setHeader('access-control-allow-headers', 'authorization, content-type');
      response.setHeader('access-control-allow-methods', 'POST, OPTIONS');
    }
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    if (request.method !== 'POST') return reply(response, 405, { error: 'method_not_allowed', reason: 'POST a ClearKey license request' });
    void handle(request, response, byKid, verifier).catch(() => reply(response, 500, { error: 'internal', reason: 'license server error' }));
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, byKid: ReadonlyMap<string, ContentKey>, verifier: ((token: string) => Promise<JWTPayload>) | undefined): Promise<void> {
  let allowed: Set<string> | undefined;
  if (verifier !== undefined) {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (token === undefined) return reply(response, 401, { error: 'missing_token', reason: 'expected Authorization: Bearer <JWT>' });
    let payload: JWTPayload;
    try {
      payload = await verifier(token);
    } catch (error) {
      const [status, reason] = tokenFailure(error);
      return reply(response, status, { error: 'invalid_token', reason });
    }
    if (Array.isArray(payload.kids)) allowed = new Set(payload.kids.map((k) => normaliseKid(String(k))));
  }
  const body = await readBody(request);
  if (body === undefined) return reply(response, 413, { error: 'too_large', reason: `license request over ${MAX_BODY} bytes` });
  let kids: unknown;
  try {
    kids = (JSON.parse(body) as { kids?: unknown }).kids;
  } catch {
    return reply(response, 400, { error: 'bad_request', reason: 'expected a JSON body {"kids":[...]}' });
  }
  if (!Array.isArray(kids) || kids.length === 0 || !kids.every((k) => typeof k === 'string')) return reply(response, 400, { error: 'bad_request', reason: 'expected "kids": a non-empty array of base64url key ids' });
  const wanted = (kids as string[]).map(normaliseKid);
  if (allowed !== undefined && !wanted.every((k) => allowed.has(k))) return reply(response, 403, { error: 'forbidden_kid', reason: 'the token does not grant every requested key id' });
  const keys = wanted.flatMap((kid) => {
    const k = byKid.get(kid);
    return k === undefined ? [] : [{ kty: 'oct', kid, k: toBase64Url(k.key) }];
  });
  if (keys.length === 0) return reply(response, 404, { error: 'unknown_kid', reason: `no key for ${wanted.map((k) => toHex(Buffer.from(k, 'base64url'))).join(', ')}` });
  reply(response, 200, { keys, type: 'temporary' });
}

function tokenVerifier(check: ClearKeyTokenCheck): (token: string) => Promise<JWTPayload> {
  const algorithms = (check.algorithms ?? (check.secret !== undefined ? ['HS256'] : ['RS256', 'ES256', 'PS256', 'EdDSA'])).filter((a) => a.toLowerCase() !== 'none');
  const options = { audience: check.audience, issuer: check.issuer, algorithms };
  if (check.secret !== undefined) {
    const secret = typeof check.secret === 'string' ? new TextEncoder().encode(check.secret) : check.secret;
    return async (token) => (await jwtVerify(token, secret, options)).payload;
  }
  if (check.jwks === undefined) throw new TypeError('verifyToken needs secret or jwks');
  const keySet: JWTVerifyGetKey = typeof check.jwks === 'string' ? createRemoteJWKSet(new URL(check.jwks)) : createLocalJWKSet(check.jwks as unknown as JSONWebKeySet);
  return async (token) => (await jwtVerify(token, keySet, options)).payload;
}

function tokenFailure(error: unknown): [number, string] {
  if (error instanceof errors.JWTExpired) return [401, 'token expired'];
  if (error instanceof errors.JWSSignatureVerificationFailed) return [401, 'token signature does not verify'];
  if (error instanceof errors.JOSEAlgNotAllowed) return [401, 'token algorithm not allowed (unsigned or unexpected alg)'];
  if (error instanceof errors.JWTClaimValidationFailed) return [403, `token claim "${error.claim}" rejected (${error.reason})`];
  if (error instanceof errors.JWKSNoMatchingKey) return [401, 'no key in the key set matches the token'];
  return [401, 'malformed or unsigned token'];
}

function normaliseKid(kid: string): string {
  const clean = kid.replace(/-/g, '');
  return /^[0-9a-fA-F]{32}$/.test(clean) ? Buffer.from(clean, 'hex').toString('base64url') : kid.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY) return undefined;
    parts.push(chunk as Buffer);
  }
  // eslint-disable-next-line no-restricted-properties -- a few bytes of key material / a small document, not media
  return Buffer.concat(parts).toString('utf8');
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
