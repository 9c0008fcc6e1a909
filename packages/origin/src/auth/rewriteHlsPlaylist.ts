import { appendQuery } from './appendQuery.js';

/** One attribute of an attribute list (RFC 8216bis §4.2), with the quoted value captured apart. */
const ATTRIBUTE = /([A-Z0-9-]+)=("[^"\r\n]*"|[^,]*)(,|$)/gy;

/**
 * Rewrites an HLS playlist so that every request a player makes from it carries `query` (`token=…`, or the signed
 * URL parameters): the URI lines (media segments, media playlists of a multivariant playlist) and the `URI`
 * attribute of every tag (EXT-X-MAP, EXT-X-PART, EXT-X-PRELOAD-HINT, EXT-X-RENDITION-REPORT, EXT-X-MEDIA,
 * EXT-X-I-FRAME-STREAM-INF, EXT-X-KEY, EXT-X-SESSION-KEY, …; RFC 8216bis §4.4). Only same-origin references are
 * changed (see `appendQuery`). Query parameters a player adds itself (`_HLS_msn`, `_HLS_part`, `_HLS_skip`) are
 * appended after ours and still read by the origin.
 */
export function rewriteHlsPlaylist(text: string, query: string): string {
  return text
    .split('\n')
    .map((line) => {
      const end = line.endsWith('\r') ? '\r' : '';
      const content = end ? line.slice(0, -1) : line;
      if (content.trim() === '') return line;
      if (!content.startsWith('#')) return `${appendQuery(content.trim(), query)}${end}`;
      if (!content.startsWith('#EXT')) return line;
      const colon = content.indexOf(':');
      if (colon === -1 || !content.includes('URI=')) return line;
      return `${content.slice(0, colon + 1)}${rewriteAttributes(content.slice(colon + 1), query)}${end}`;
    })
    .join('\n');
}

/** Rewrites the quoted `URI` value of an attribute list, keeping every other byte; a malformed rest is kept as is. */
function rewriteAttributes(list: string, query: string): string {
  let out = '';
  let at = 0;
  ATTRIBUTE.lastIndex = 0;
  while (at < list.length) {
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(list);
    if (match === null || match[0] === '') return out + list.slice(at);
    const [, name = '', value = '', comma = ''] = match;
    const rewritten = name === 'URI' && value.startsWith('"') ? `"${appendQuery(value.slice(1, -1), query)}"` : value;
    out += `${name}=${rewritten}${comma}`;
    at = ATTRIBUTE.lastIndex;
  }
  return out;
}
