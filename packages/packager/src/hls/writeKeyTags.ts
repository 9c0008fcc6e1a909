import type { HlsKeySignal } from '@ott/core';

/**
 * `EXT-X-KEY` (media playlists) or `EXT-X-SESSION-KEY` (multivariant playlist) lines, RFC 8216bis §4.4.4.4 and
 * §4.4.6.5; duplicates (same METHOD, URI, KEYFORMAT, KEYFORMATVERSIONS) are written once.
 */
export function writeKeyTags(keys: readonly HlsKeySignal[], tag: 'EXT-X-KEY' | 'EXT-X-SESSION-KEY'): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const k of keys) {
    const attributes = [`METHOD=${k.method}`, `URI="${k.uri.replace(/["\r\n]/g, '')}"`];
    if (k.iv !== undefined) attributes.push(`IV=${k.iv}`);
    if (k.keyFormat !== undefined) attributes.push(`KEYFORMAT="${k.keyFormat}"`);
    if (k.keyFormatVersions !== undefined) attributes.push(`KEYFORMATVERSIONS="${k.keyFormatVersions}"`);
    const line = `#${tag}:${attributes.join(',')}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return lines;
}
