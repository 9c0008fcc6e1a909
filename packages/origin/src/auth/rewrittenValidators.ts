import { createHash } from 'node:crypto';
import type { Validators } from '../http/conditional.js';

/**
 * Validators of a manifest rewritten for one credential: a strong ETag of its own per query (RFC 9110 §8.8.3), so a
 * viewer whose token changed never gets a 304 for a body that still holds the old one.
 */
export function rewrittenValidators(validators: Validators, rewriteQuery: string | undefined): Validators {
  if (rewriteQuery === undefined) return validators;
  const tag = createHash('sha256').update(rewriteQuery).digest('base64url').slice(0, 16);
  return { ...validators, etag: `${validators.etag.slice(0, -1)}-${tag}"` };
}
