/** A request target as a checked object path relative to the prefix, or the status to answer. */
export type ObjectPath = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly status: 400 | 404 | 414 };

// Encoded separators, dots, backslashes and NUL are refused before decoding, as the folder origin does: a file name
// never needs them, and decoding them is how `%2e%2e%2f` walks out of a root.
const FORBIDDEN_ENCODED = /%(?:2f|5c|00|2e)/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Turns an origin-form request target (`/video/seg-00001.m4s?x=1`) into an object path: 400 for anything that could
 * name a key outside the prefix or be read differently by another layer (absolute-form targets, backslashes,
 * encoded `/` `\` `.` NUL, control characters, empty, `.` and `..` segments, bad percent-encoding), 404 for folders
 * and dot-files (the folder sink's temp files never exist in S3, but the rule is the same everywhere), 414 when too
 * long. The query is ignored.
 */
export function parseObjectPath(target: string | undefined, maxLength: number): ObjectPath {
  if (target === undefined || !target.startsWith('/')) return { ok: false, status: 400 };
  if (target.length > maxLength) return { ok: false, status: 414 };
  const rawPath = target.split('?', 1)[0] as string;
  if (rawPath.includes('\\') || FORBIDDEN_ENCODED.test(rawPath) || CONTROL.test(rawPath)) return { ok: false, status: 400 };
  const parts = rawPath.slice(1).split('/');
  const segments: string[] = [];
  for (const [index, part] of parts.entries()) {
    if (part === '') return { ok: false, status: index === parts.length - 1 ? 404 : 400 };
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return { ok: false, status: 400 };
    }
    if (decoded === '.' || decoded === '..' || CONTROL.test(decoded) || decoded.includes('/') || decoded.includes('\\')) return { ok: false, status: 400 };
    if (decoded.startsWith('.')) return { ok: false, status: 404 };
    segments.push(decoded);
  }
  return { ok: true, path: segments.join('/') };
}
