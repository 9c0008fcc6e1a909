import { createPrivateKey, KeyObject } from 'node:crypto';
import { OttError } from '@ott/core';
import type { JsonWebKey as JWK } from 'node:crypto';
import { SignJWT } from 'jose';
import type { PlaybackTokenAlgorithm } from './AccessOptions.js';
import { HMAC_ALGORITHMS, keyAlgorithms } from './keyAlgorithms.js';
import { secretBytes } from './secretBytes.js';

/** Options of {@link signPlaybackToken}: the key, and the claims of the token. */
export interface SignPlaybackTokenOptions {
  readonly algorithm: PlaybackTokenAlgorithm;
  /** HMAC key for HS256/384/512 (at least 32 bytes). */
  readonly secret?: string | Uint8Array;
  /** Private key for RS/PS/ES/EdDSA: PEM (PKCS#8 or traditional), a private JWK, or a `KeyObject`. */
  readonly privateKey?: string | JWK | KeyObject;
  /** `kid` header, to pick the key from a JWKS. */
  readonly keyId?: string;
  /** The stream the token plays (`stream` claim); `'*'` for every stream. */
  readonly stream?: string;
  /** Several streams (`streams` claim). */
  readonly streams?: readonly string[];
  readonly audience?: string | readonly string[];
  readonly issuer?: string;
  readonly subject?: string;
  /** Bind the token to the viewer's address (`ip` claim; the origin checks it with `checkClientIp`). */
  readonly ip?: string | readonly string[];
  /** Lifetime in seconds (default 3600), unless `expiresAt` is given. */
  readonly expiresInSeconds?: number;
  /** Expiry as a `Date` or Unix seconds. */
  readonly expiresAt?: Date | number;
  /** Not valid before (a `Date` or Unix seconds). */
  readonly notBefore?: Date | number;
  /** More claims (e.g. `jti`); they cannot replace the ones above. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * Signs a playback token for an origin with `access.jwt`, for your backend to hand to viewers: a JWT (jose) with
 * `stream` or `streams`, `exp`, `iat` and, when given, `aud`, `iss`, `sub`, `nbf`, `ip`. The player passes it as
 * `?token=` on the first manifest URL (the origin rewrites the manifests so every later request carries it) or as
 * `Authorization: Bearer`.
 *
 * @example
 * ```ts
 * declare const secret: string; // 32+ bytes
 * const token = await signPlaybackToken({ algorithm: 'HS256', secret, stream: 'news', audience: 'ott', expiresInSeconds: 600 });
 * const url = `https://origin.example.com/news/master.m3u8?token=${token}`;
 * ```
 */
export async function signPlaybackToken(options: SignPlaybackTokenOptions): Promise<string> {
  const { algorithm } = options;
  const key = signingKey(options);
  if (options.stream === undefined && options.streams === undefined) invalid('signPlaybackToken needs a stream (or streams) claim.');
  const jwt = new SignJWT({
    ...options.claims,
    ...(options.stream === undefined ? {} : { stream: options.stream }),
    ...(options.streams === undefined ? {} : { streams: [...options.streams] }),
    ...(options.ip === undefined ? {} : { ip: typeof options.ip === 'string' ? options.ip : [...options.ip] }),
  })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT', ...(options.keyId === undefined ? {} : { kid: options.keyId }) })
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 3600));
  if (options.audience !== undefined) jwt.setAudience(typeof options.audience === 'string' ? options.audience : [...options.audience]);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.subject !== undefined) jwt.setSubject(options.subject);
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key);
}

function signingKey(options: SignPlaybackTokenOptions): Uint8Array | KeyObject {
  const { algorithm } = options;
  if (HMAC_ALGORITHMS.includes(algorithm)) return secretBytes(options.secret, 'signPlaybackToken secret');
  if (options.privateKey === undefined) return invalid(`signPlaybackToken: ${algorithm} needs a privateKey.`);
  let key: KeyObject;
  try {
    const given = options.privateKey;
    key = given instanceof KeyObject ? given : typeof given === 'string' ? createPrivateKey(given) : createPrivateKey({ key: given as JWK, format: 'jwk' });
  } catch (cause) {
    return invalid('signPlaybackToken: privateKey must be a PEM private key, a private JWK or a private KeyObject.', cause);
  }
  if (key.type !== 'private' || !keyAlgorithms(key).includes(algorithm)) return invalid(`signPlaybackToken: a ${key.type} ${key.asymmetricKeyType ?? ''} key cannot sign ${algorithm}.`);
  return key;
}

function invalid(message: string, cause?: unknown): never {
  throw new OttError('ORIGIN_ACCESS_INVALID', message, { stage: 'origin', cause });
}
