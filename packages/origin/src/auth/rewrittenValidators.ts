import { createHash } from 'node:crypto';
import type { Validators } from '../http/conditional.js';

/**
 * Validators of a manifest rewritten for one credential: a strong ETag of its own per query (RFC 9110 §8.8.3), so a
 * viewer whose token changed never gets a 304 for a body that still holds the old one.
 */
export function rewrittenValidators(validators: Validators, rewriteQuery: string | undefined): Validators {
  if (rewriteQuery === undefined) return validators;
  let tag = tags.get(rewriteQuery);
  if (tag === undefined) {
    tag = createHash('sha256').update(rewriteQuery).digest('base64url').slice(0, 16);
    if (tags.size >= 4096) tags.clear();
    tags.set(rewriteQuery, tag);
  }
  return { ...validators, etag: `${validators.etag.slice(0, -1)}-${tag}"` };
}

// Every manifest request of a viewer carries the same credential: hash it once.
const tags = new Map<string, string>();
