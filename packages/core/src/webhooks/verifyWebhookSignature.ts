import { timingSafeEqual } from 'node:crypto';
import { signWebhookBody } from './signWebhookBody.js';
import type { WebhookBody } from './webhookTypes.js';

/** What a receiver got: the parsed body, or why it must be refused. */
export type WebhookVerification =
  | { readonly ok: true; readonly body: WebhookBody }
  | { readonly ok: false; readonly reason: 'bad_signature' | 'stale' | 'malformed' };

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /** Largest difference between the body's timestamp and now, in seconds (default 300). */
  readonly toleranceSeconds?: number;
  /** The `X-Ott-Timestamp` header; when given it must equal the body's `timestamp`. */
  readonly timestampHeader?: string;
  /** Now, in ms since the epoch (tests). */
  readonly now?: number;
}

/**
 * Checks a received webhook the way a receiver should: the `X-Ott-Signature` header against the HMAC of the raw body
 * bytes (constant-time compare), then the signed `timestamp` within `toleranceSeconds` of now (a captured request
 * replayed later is refused). Deduplicate on `body.id` to make a replay inside the window harmless too.
 *
 * @example
 * ```ts
 * import type { IncomingMessage, ServerResponse } from 'node:http';
 * import { verifyWebhookSignature } from '@ott/core';
 *
 * function onHook(req: IncomingMessage, res: ServerResponse, rawBody: Buffer, secret: string): void {
 *   const check = verifyWebhookSignature(rawBody, req.headers['x-ott-signature'], secret);
 *   if (!check.ok) return void res.writeHead(401).end(check.reason);
 *   res.writeHead(204).end(); // then act on JSON.parse(rawBody.toString()), deduplicated on its id
 * }
 * ```
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  signature: string | readonly string[] | undefined,
  secret: string | Uint8Array,
  options: VerifyWebhookOptions = {},
): WebhookVerification {
  if (typeof signature !== 'string') return { ok: false, reason: 'bad_signature' };
  const expected = Buffer.from(signWebhookBody(rawBody, secret));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let body: WebhookBody;
  try {
    body = JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8')) as WebhookBody;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof body !== 'object' || body === null || typeof body.timestamp !== 'number' || typeof body.id !== 'string') return { ok: false, reason: 'malformed' };
  if (options.timestampHeader !== undefined && options.timestampHeader !== String(body.timestamp)) return { ok: false, reason: 'malformed' };
  const skew = Math.abs((options.now ?? Date.now()) / 1000 - body.timestamp);
  if (skew > (options.toleranceSeconds ?? 300)) return { ok: false, reason: 'stale' };
  return { ok: true, body };
}
