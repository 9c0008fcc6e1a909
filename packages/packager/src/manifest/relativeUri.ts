import { posix } from 'node:path';

/**
 * The URI of `target` as referenced from a manifest stored at `from` (both relative to the output root, POSIX
 * separators), with each path segment percent-encoded (RFC 3986) so unusual rendition ids cannot break the syntax.
 */
export function relativeUri(from: string, target: string): string {
  const relative = posix.relative(posix.dirname(from), target);
  return relative.split('/').map((part) => (part === '..' ? part : encodeURIComponent(part))).join('/');
}
