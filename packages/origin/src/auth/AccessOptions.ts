import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { JsonWebKey as JWK } from 'node:crypto';

/** JWS algorithms a playback token may use. `none` is not one of them, and never will be. */
export type PlaybackTokenAlgorithm =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA';

/** How playback tokens (JWT, RFC 7519) are checked. */
export interface JwtAccessOptions {
  /** HMAC key of HS256/384/512 tokens, at least 32 bytes (RFC 7518 §3.2). */
  readonly secret?: string | Uint8Array;
  /** Public key of RS/PS/ES/EdDSA tokens: PEM (SPKI, or a private key whose public half is used), a JWK, or a `KeyObject`. */
  readonly publicKey?: string | JWK | KeyObject;
  /**
   * A JSON Web Key Set URL. Fetched on the first token and cached (`jwksCacheMaxAgeMs`); a token whose `kid` is not in
   * the cached set refetches it, at most once per `jwksCooldownMs`.
   */
  readonly jwksUrl?: string;
  /**
   * The algorithms accepted, explicitly (no default). Each key only verifies the algorithms of its own type: the
   * secret HS256/384/512, an RSA key RS and PS, an EC key the ES algorithm of its curve, the JWKS only asymmetric
   * ones, so an RS256 public key can never be used as an HS256 secret (algorithm confusion).
   */
  readonly algorithms: readonly PlaybackTokenAlgorithm[];
  /** Required `aud` value(s); a token for another audience is refused (403 `wrong_audience`). */
  readonly audience?: string | readonly string[];
  /** Required `iss` value(s) (403 `wrong_issuer`). */
  readonly issuer?: string | readonly string[];
  /** Clock skew allowed on `exp` and `nbf`, in seconds (default 30). */
  readonly clockToleranceSeconds?: number;
  /**
   * Bind tokens to the viewer's address with an `ip` claim (a string or a list): `true` checks the claim when a token
   * has one, `'required'` also refuses tokens without it (403 `ip_mismatch`). Default `false`.
   */
  readonly checkClientIp?: boolean | 'required';
  /** How long a fetched key set is used, in ms (default 600 000). */
  readonly jwksCacheMaxAgeMs?: number;
  /** Least time between two fetches of the key set, in ms (default 30 000). */
  readonly jwksCooldownMs?: number;
  /** Time to fetch the key set, in ms (default 5000). */
  readonly jwksTimeoutMs?: number;
}

/** Names of the query parameters of a signed URL. */
export interface SignedUrlParams {
  /** Expiry, Unix seconds (default `exp`). */
  readonly expires?: string;
  /** The path prefix the signature covers (default `prefix`). */
  readonly prefix?: string;
  /** base64url HMAC-SHA256 (default `sig`). */
  readonly signature?: string;
}

/** HMAC-signed URLs (path prefix + expiry) for CDNs that cannot read JWTs. */
export interface SignedUrlAccessOptions {
  /** HMAC-SHA256 key, at least 32 bytes. */
  readonly secret: string | Uint8Array;
  readonly params?: SignedUrlParams;
  /** Clock skew allowed on the expiry, in seconds (default 0). */
  readonly clockToleranceSeconds?: number;
}

/** The playback cookie: where segment requests carry the token when manifests are not rewritten. */
export interface TokenCookieOptions {
  /** Cookie name (default `ott_token`). */
  readonly name?: string;
  /** `SameSite` (default `Lax`: the player page is on the same site). `None` needs `Secure` and is sent with it. */
  readonly sameSite?: 'Strict' | 'Lax' | 'None';
  /** `Secure` attribute (default `false`; set it behind TLS). */
  readonly secure?: boolean;
}

/** What a request is checked against: its stream, from its path. */
export type StreamResolver = (segments: readonly string[]) => string | undefined;

/** The `access` option of `createOrigin` / `startOrigin`: playback tokens, signed URLs, or both. */
export interface AccessOptions {
  readonly jwt?: JwtAccessOptions;
  readonly signedUrls?: SignedUrlAccessOptions;
  /**
   * Carry the token in an HttpOnly cookie scoped to the stream's path (`Path=/<stream>/`) instead of rewriting
   * manifest URIs: set when a manifest is requested with a token in the query or `Authorization` header.
   */
  readonly cookie?: boolean | TokenCookieOptions;
  /** Query parameter of the token (default `token`). */
  readonly tokenParam?: string;
  /**
   * The stream of a request, from its decoded path segments. Default: the first segment of a path with at least
   * two (`/<stream>/...`). It must match `[A-Za-z0-9_-]{1,64}` (else 400 `bad_stream_name`); `undefined` is 404.
   */
  readonly streamOf?: StreamResolver;
  /** The viewer's address for `ip` claims and webhooks (default: the socket's remote address; behind a proxy, read its header here). */
  readonly clientIp?: (req: IncomingMessage) => string | undefined;
  /**
   * `Cache-Control` of protected media segments: `'private'` (default) keeps them out of shared caches, which would
   * otherwise serve them without checking; `'shared'` keeps the normal policy, for a CDN that checks signed URLs itself.
   * Manifests of protected streams are always `private, no-store`: a rewritten one holds the viewer's token.
   */
  readonly segmentCache?: 'private' | 'shared';
}

/** Why a request was refused: the `X-Ott-Reason` header value. */
export type AccessReason =
  | 'token_missing'
  | 'token_malformed'
  | 'token_invalid'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_claim_missing'
  | 'alg_not_allowed'
  | 'bad_signature'
  | 'unknown_key'
  | 'jwks_unavailable'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'wrong_stream'
  | 'ip_mismatch'
  | 'signed_url_malformed'
  | 'signed_url_tampered'
  | 'signed_url_expired'
  | 'signed_url_wrong_path'
  | 'bad_stream_name'
  | 'no_stream'
  | 'play_refused'
  | 'play_webhook_unavailable';

/** A refused request: status, reason code, and a sentence for the body. */
export interface AccessRefusal {
  readonly status: 400 | 401 | 403 | 404 | 503;
  readonly reason: AccessReason;
  readonly message: string;
}
