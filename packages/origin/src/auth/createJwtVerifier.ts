import type { KeyObject } from 'node:crypto';
import { OttError } from '@ott/core';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions, ProtectedHeaderParameters } from 'jose';
import type { AccessRefusal, JwtAccessOptions, PlaybackTokenAlgorithm } from './AccessOptions.js';
import { HMAC_ALGORITHMS, keyAlgorithms, toPublicKey } from './keyAlgorithms.js';
import { secretBytes } from './secretBytes.js';

/** The result of checking a token's signature and standard claims. */
export type TokenCheck = { readonly ok: true; readonly claims: JWTPayload } | ({ readonly ok: false } & AccessRefusal);

const KNOWN: ReadonlySet<string> = new Set<PlaybackTokenAlgorithm>(['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);

/** Marks a key set that could not be fetched or read (not the token's fault: 503, not 401). */
class KeySetUnavailable extends Error {}

/**
 * Builds the token check of `access.jwt`: the header's `alg` must be in the allow list (never `none`) and is verified
 * only with a key of its own type (HS* with the secret; RS/PS/ES/EdDSA with the public key or the JWKS), then the
 * signature, `exp` (required), `nbf`, `aud` and `iss` by jose. Every failure is a refusal with a reason code, never
 * a thrown error. Throws `ORIGIN_ACCESS_INVALID` at once for a configuration that cannot work.
 */
export function createJwtVerifier(options: JwtAccessOptions): (token: string) => Promise<TokenCheck> {
  const invalid = (message: string): never => {
    throw new OttError('ORIGIN_ACCESS_INVALID', message, { stage: 'origin' });
  };
  if (options.algorithms.length === 0) invalid('access.jwt.algorithms must list the accepted algorithms, e.g. [\'HS256\'] or [\'RS256\', \'ES256\'].');
  for (const alg of options.algorithms) if (!KNOWN.has(alg)) invalid(`access.jwt.algorithms: '${alg}' is not accepted (only HS/RS/PS/ES 256/384/512 and EdDSA; never 'none').`);
  const allowed = new Set<string>(options.algorithms);
  const hmac = options.algorithms.filter((alg) => HMAC_ALGORITHMS.includes(alg));
  const asymmetric = options.algorithms.filter((alg) => !HMAC_ALGORITHMS.includes(alg));
  if (hmac.length > 0 && options.secret === undefined) invalid(`access.jwt.algorithms allows ${hmac.join(', ')} but no secret is set.`);
  if (options.secret !== undefined && hmac.length === 0) invalid('access.jwt.secret is set but algorithms allows no HS256/384/512.');
  const secret = options.secret === undefined ? undefined : secretBytes(options.secret, 'access.jwt.secret');
  const publicKey: KeyObject | undefined = options.publicKey === undefined ? undefined : toPublicKey(options.publicKey);
  const publicKeyAlgorithms = publicKey === undefined ? [] : keyAlgorithms(publicKey).filter((alg) => allowed.has(alg));
  if (publicKey !== undefined && publicKeyAlgorithms.length === 0) invalid(`access.jwt.publicKey is a ${publicKey.asymmetricKeyType} key, but algorithms allows none of its algorithms.`);
  const keySet = options.jwksUrl === undefined ? undefined : remoteKeySet(options);
  if (keySet === undefined) {
    const orphan = asymmetric.filter((alg) => !publicKeyAlgorithms.includes(alg));
    if (orphan.length > 0) invalid(`access.jwt.algorithms allows ${orphan.join(', ')} but no publicKey of that type or jwksUrl is set.`);
  }
  const base: JWTVerifyOptions = {
    requiredClaims: ['exp'],
    clockTolerance: options.clockToleranceSeconds ?? 30,
    ...(options.audience === undefined ? {} : { audience: typeof options.audience === 'string' ? options.audience : [...options.audience] }),
    ...(options.issuer === undefined ? {} : { issuer: typeof options.issuer === 'string' ? options.issuer : [...options.issuer] }),
  };

  return async (token) => {
    let header: ProtectedHeaderParameters;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return refuse(401, 'token_malformed', 'the token is not a JWS compact serialization');
    }
    const alg = header.alg;
    if (typeof alg !== 'string' || !allowed.has(alg)) return refuse(401, 'alg_not_allowed', `token algorithm ${JSON.stringify(alg ?? null)} is not accepted`);
    const verifyOptions = { ...base, algorithms: [alg] };
    try {
      if (HMAC_ALGORITHMS.includes(alg as PlaybackTokenAlgorithm)) {
        if (secret === undefined) return refuse(401, 'alg_not_allowed', `token algorithm ${alg} is not accepted`);
        return { ok: true, claims: (await jwtVerify(token, secret, verifyOptions)).payload };
      }
      const usePublicKey = publicKey !== undefined && publicKeyAlgorithms.includes(alg as PlaybackTokenAlgorithm) && (keySet === undefined || header.kid === undefined);
      if (usePublicKey) return { ok: true, claims: (await jwtVerify(token, publicKey, verifyOptions)).payload };
      if (keySet === undefined) return refuse(401, 'alg_not_allowed', `token algorithm ${alg} is not accepted`);
      return { ok: true, claims: (await jwtVerify(token, keySet, verifyOptions)).payload };
    } catch (error) {
      return refusalOf(error);
    }
  };
}

function remoteKeySet(options: JwtAccessOptions): JWTVerifyGetKey {
  let url: URL;
  try {
    url = new URL(options.jwksUrl ?? '');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch (cause) {
    throw new OttError('ORIGIN_ACCESS_INVALID', `access.jwt.jwksUrl must be an http(s) URL, got '${options.jwksUrl}'.`, { stage: 'origin', cause });
  }
  // jose caches the set, refetches it for an unknown `kid` at most once per cooldown, and shares one fetch in flight.
  const remote = createRemoteJWKSet(url, {
    cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    timeoutDuration: options.jwksTimeoutMs ?? 5000,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySetUnavailable(error instanceof Error ? error.message : String(error));
    }
  };
}

function refuse(status: AccessRefusal['status'], reason: AccessRefusal['reason'], message: string): TokenCheck {
  return { ok: false, status, reason, message };
}

/** Maps what jose (or the key set) threw to a refusal: 401 for the token, 403 for a claim that names someone else, 503 for the key set. */
function refusalOf(error: unknown): TokenCheck {
  if (error instanceof KeySetUnavailable) return refuse(503, 'jwks_unavailable', 'the key set could not be fetched; try again');
  if (error instanceof errors.JWTExpired) return refuse(401, 'token_expired', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return refuse(401, 'token_claim_missing', `the token has no "${error.claim}" claim`);
    if (error.claim === 'nbf') return refuse(401, 'token_not_yet_valid', 'the token is not valid yet (nbf)');
    if (error.claim === 'aud') return refuse(403, 'wrong_audience', 'the token is for another audience');
    if (error.claim === 'iss') return refuse(403, 'wrong_issuer', 'the token is from another issuer');
    return refuse(401, 'token_invalid', `the token's "${error.claim}" claim is invalid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return refuse(401, 'bad_signature', 'the token signature does not verify');
  if (error instanceof errors.JOSEAlgNotAllowed) return refuse(401, 'alg_not_allowed', 'the token algorithm is not accepted');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return refuse(401, 'unknown_key', 'no single key of the key set matches the token');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return refuse(401, 'token_malformed', 'the token is malformed');
  return refuse(401, 'token_invalid', 'the token could not be verified');
}
