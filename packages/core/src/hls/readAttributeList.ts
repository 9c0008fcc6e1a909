/**
 * Reads an HLS attribute list (`NAME=value,NAME="quoted, string"`, RFC 8216bis §4.2) into a map; quoted values are
 * returned without their quotes, so commas and `=` inside a URI are safe. Reading stops at a malformed pair. The one
 * attribute-list reader of the SDK (the packager's playlist checker, the origin's delta updates). Browser-safe.
 *
 * @example
 * ```ts
 * readAttributeList('DURATION=0.5,URI="seg-00005.p0.m4s",INDEPENDENT=YES').get('URI'); // 'seg-00005.p0.m4s'
 * ```
 */
export function readAttributeList(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /\s*([A-Z0-9-]+)\s*=\s*("[^"\r\n]*"|[^,]*)\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    const [, name = '', raw = ''] = match;
    attributes.set(name, raw.startsWith('"') ? raw.slice(1, -1) : raw.trim());
  }
  return attributes;
}
