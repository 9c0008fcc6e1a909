import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AccessOptions, JwtAccessOptions, PlaybackTokenAlgorithm } from '@ott/origin';
import { usage } from '../args.js';

/** The token flags of `ott serve`. */
export interface ServeAccessFlags {
  readonly 'jwt-secret'?: string | undefined;
  readonly 'jwt-public-key'?: string | undefined;
  readonly 'jwks-url'?: string | undefined;
  readonly audience?: string | undefined;
  readonly 'signed-url-secret'?: string | undefined;
  readonly 'token-cookie'?: boolean | undefined;
}

/**
 * The `access` option of the origin from the flags (env `OTT_JWT_SECRET` / `OTT_SIGNED_URL_SECRET` stand in for the
 * secret flags, which other users of the machine can read in the process list); `undefined` when none is given.
 */
export function accessFromFlags(flags: ServeAccessFlags, env: NodeJS.ProcessEnv = process.env): AccessOptions | undefined {
  const secret = flags['jwt-secret'] ?? env['OTT_JWT_SECRET'];
  const signedSecret = flags['signed-url-secret'] ?? env['OTT_SIGNED_URL_SECRET'];
  const pem = flags['jwt-public-key'] === undefined ? undefined : readPem(flags['jwt-public-key']);
  const jwksUrl = flags['jwks-url'];
  const algorithms: PlaybackTokenAlgorithm[] = [];
  if (secret) algorithms.push('HS256');
  if (pem !== undefined) algorithms.push(...algorithmsOfPem(pem));
  if (jwksUrl !== undefined) for (const alg of ['RS256', 'ES256'] as const) if (!algorithms.includes(alg)) algorithms.push(alg);
  const jwt: JwtAccessOptions | undefined = algorithms.length === 0 ? undefined : {
    algorithms,
    ...(secret ? { secret } : {}),
    ...(pem === undefined ? {} : { publicKey: pem }),
    ...(jwksUrl === undefined ? {} : { jwksUrl }),
    ...(flags.audience === undefined ? {} : { audience: flags.audience }),
  };
  if (jwt === undefined && !signedSecret) {
    if (flags.audience !== undefined || flags['token-cookie']) throw usage('serve', '--audience and --token-cookie need --jwt-secret, --jwt-public-key or --jwks-url');
    return undefined;
  }
  return {
    ...(jwt === undefined ? {} : { jwt }),
    ...(signedSecret ? { signedUrls: { secret: signedSecret } } : {}),
    ...(flags['token-cookie'] ? { cookie: true } : {}),
  };
}

function readPem(value: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch {
    throw usage('serve', `--jwt-public-key: cannot read the PEM file '${value}'`);
  }
}

/** RS256 for an RSA key, the ES algorithm of an EC key's curve, EdDSA for Ed25519. */
function algorithmsOfPem(pem: string): PlaybackTokenAlgorithm[] {
  let key;
  try {
    key = createPublicKey(pem);
  } catch {
    throw usage('serve', '--jwt-public-key must be a PEM public key (RSA, EC P-256/384/521 or Ed25519)');
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'rsa') return ['RS256'];
  if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1') return ['ES256'];
  if (key.asymmetricKeyType === 'ec' && curve === 'secp384r1') return ['ES384'];
  if (key.asymmetricKeyType === 'ec' && curve === 'secp521r1') return ['ES512'];
  if (key.asymmetricKeyType === 'ed25519') return ['EdDSA'];
  throw usage('serve', `--jwt-public-key: unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`);
}
