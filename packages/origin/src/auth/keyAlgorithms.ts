import { createPublicKey, KeyObject } from 'node:crypto';
import { OttError } from '@ott/core';
import type { JsonWebKey as JWK } from 'node:crypto';
import type { PlaybackTokenAlgorithm } from './AccessOptions.js';

/** The HMAC algorithms: only a shared secret verifies them. */
export const HMAC_ALGORITHMS: readonly PlaybackTokenAlgorithm[] = ['HS256', 'HS384', 'HS512'];

const EC_ALGORITHM: Readonly<Record<string, PlaybackTokenAlgorithm>> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };

/**
 * The algorithms a public key can verify, from its type (RFC 7518 §3.1): RSA → RS*, PS*; RSA-PSS → PS*; EC → the ES*
 * of its curve; Ed25519 → EdDSA. A key is never used for an algorithm of another type.
 */
export function keyAlgorithms(key: KeyObject): readonly PlaybackTokenAlgorithm[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const alg = EC_ALGORITHM[key.asymmetricKeyDetails?.namedCurve ?? ''];
      return alg === undefined ? [] : [alg];
    }
    case 'ed25519':
      return ['EdDSA'];
    default:
      return [];
  }
}

/** A public `KeyObject` from a PEM (SPKI or a private key: its public half), a JWK or a `KeyObject`; never a secret. */
export function toPublicKey(key: string | JWK | KeyObject): KeyObject {
  try {
    if (typeof key === 'string') return createPublicKey(key);
    if (key instanceof KeyObject) {
      if (key.type === 'secret') throw new Error('a secret key is not a public key');
      return key.type === 'private' ? createPublicKey(key) : key;
    }
    return createPublicKey({ key: key as JWK, format: 'jwk' });
  } catch (cause) {
    throw new OttError('ORIGIN_ACCESS_INVALID', 'access.jwt.publicKey must be a PEM public key (SPKI), a public JWK or a public KeyObject (RSA, EC P-256/384/521 or Ed25519).', { stage: 'origin', cause });
  }
}
