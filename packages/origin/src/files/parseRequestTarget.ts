/** A request target split into checked, decoded path segments and its query. */
export type RequestTarget =
  | { readonly ok: true; readonly segments: readonly string[]; readonly query: URLSearchParams }
  | { readonly ok: false; readonly status: 400 | 404 | 414; readonly reason: string };

// Encoded separators, dots, backslashes and NUL are refused before decoding: a file name never needs them, and
// decoding them is how `%2e%2e%2f` or `..%5c` walk out of a root in naive servers. An encoded `%` (`%252e`) is
// refused too: decoded once it is a name with `%2e` in it, which a second decoding layer (a proxy, a CDN, a
// storage backend) would turn into `.`.
const FORBIDDEN_ENCODED = /%(?:2f|5c|00|2e|25)/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Parses the origin-form request target (`/a/b.m4s?x=1`) into decoded path segments. Refuses (400) anything that
 * could name a file outside the root or be read differently by another layer: absolute-form and `*` targets,
 * backslashes, encoded `/`, `\`, `.`, `%` (double encoding) or NUL, control characters, empty segments (`//`),
 * `.` and `..` segments, and malformed percent-encoding. Segments that start with a dot (dotfiles, the folder
 * sink's `.name.tmp-*` temp files) are 404: they exist only for the writer. Longer targets than `maxLength` are 414.
 */
export function parseRequestTarget(rawTarget: string | undefined, maxLength: number): RequestTarget {
  if (rawTarget === undefined || rawTarget === '') return { ok: false, status: 400, reason: 'empty request target' };
  if (rawTarget.length > maxLength) return { ok: false, status: 414, reason: `request target longer than ${maxLength} characters` };
  if (!rawTarget.startsWith('/')) return { ok: false, status: 400, reason: 'request target must be an absolute path' };
  const queryAt = rawTarget.indexOf('?');
  const rawPath = queryAt === -1 ? rawTarget : rawTarget.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : rawTarget.slice(queryAt + 1);
  if (rawPath.includes('\\') || FORBIDDEN_ENCODED.test(rawPath) || CONTROL.test(rawPath)) {
    return { ok: false, status: 400, reason: 'path has a backslash, an encoded separator, dot, percent or NUL, or a control character' };
  }
  const parts = rawPath.slice(1).split('/');
  const segments: string[] = [];
  for (const [index, part] of parts.entries()) {
    if (part === '' && index === parts.length - 1 && index > 0) return { ok: false, status: 404, reason: 'directory' };
    if (part === '') return parts.length === 1 ? { ok: false, status: 404, reason: 'directory' } : { ok: false, status: 400, reason: 'empty path segment' };
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (decoded === '.' || decoded === '..') return { ok: false, status: 400, reason: 'dot segment' };
    if (CONTROL.test(decoded) || decoded.includes('/') || decoded.includes('\\')) return { ok: false, status: 400, reason: 'bad character in path' };
    if (decoded.startsWith('.')) return { ok: false, status: 404, reason: 'hidden file' };
    segments.push(decoded);
  }
  return { ok: true, segments, query: new URLSearchParams(rawQuery) };
}
