import { createHmac } from 'node:crypto';

/** Header names of a webhook POST. */
export const WEBHOOK_HEADERS = {
  signature: 'X-Ott-Signature',
  timestamp: 'X-Ott-Timestamp',
  event: 'X-Ott-Event',
  delivery: 'X-Ott-Delivery',
} as const;

/**
 * The `X-Ott-Signature` value of a webhook body: `sha256=` and the lowercase hex HMAC-SHA256 of the exact body bytes
 * under `secret` (RFC 2104). The body carries the timestamp, so the signature covers it too.
 */
export function signWebhookBody(body: string | Uint8Array, secret: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
