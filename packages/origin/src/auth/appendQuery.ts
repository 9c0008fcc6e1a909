/** `true` for a URI reference that resolves against the manifest's own origin: no scheme and not `//host` (RFC 3986 §4.2). */
export function isSameOriginReference(uri: string): boolean {
  return uri !== '' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) && !uri.startsWith('//');
}

/**
 * Appends `query` (already encoded, `a=1&b=2`) to a relative URI reference, before any fragment; a URI with a scheme
 * or a host (a license server, another CDN, `data:`) is returned unchanged, so the token never leaves this origin.
 */
export function appendQuery(uri: string, query: string, separator = '&'): string {
  if (!isSameOriginReference(uri)) return uri;
  const hashAt = uri.indexOf('#');
  const path = hashAt === -1 ? uri : uri.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : uri.slice(hashAt);
  const joiner = path.includes('?') ? (path.endsWith('?') || path.endsWith(separator) ? '' : separator) : '?';
  return `${path}${joiner}${query}${fragment}`;
}
