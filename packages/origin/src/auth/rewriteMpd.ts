import { appendQuery } from './appendQuery.js';

/** Elements whose URL attributes a DASH client requests (ISO/IEC 23009-1 §5.3.9). */
const URL_ELEMENTS = /<(SegmentTemplate|SegmentURL|Initialization|RepresentationIndex)\b([^>]*)>/g;
const URL_ATTRIBUTES = /\b(media|initialization|index|sourceURL)(\s*=\s*)("([^"]*)"|'([^']*)')/g;
/** Elements whose text is a URL: BaseURL (when it names a file), Location and PatchLocation (MPD refresh). */
const URL_TEXT = /<(BaseURL|Location|PatchLocation)(\b[^>]*)>([^<]*)<\/\1>/g;

/**
 * Rewrites a DASH MPD so that every request a player builds from it carries `query` (already URL-encoded): the
 * `media`, `initialization` and `index` templates of SegmentTemplate, SegmentURL `media`/`index`,
 * Initialization/RepresentationIndex `sourceURL`, a BaseURL that names a file (SegmentBase), and Location /
 * PatchLocation. A BaseURL that names a folder is left alone (a query there would be dropped when segment URLs are
 * resolved against it). In XML the `&` between parameters is written `&amp;`; an encoded query has no `$`, so
 * template identifiers (`$Number%05d$`, §5.3.9.4.4) are untouched. Only same-origin references are changed.
 */
export function rewriteMpd(text: string, query: string): string {
  const xmlQuery = query.replace(/&/g, '&amp;');
  return text
    .replace(URL_ELEMENTS, (_element, name: string, attributes: string) =>
      `<${name}${attributes.replace(URL_ATTRIBUTES, (_attribute, key: string, equals: string, _quoted: string, double?: string, single?: string) =>
        double !== undefined ? `${key}${equals}"${appendQuery(double, xmlQuery, '&amp;')}"` : `${key}${equals}'${appendQuery(single ?? '', xmlQuery, '&amp;')}'`,
      )}>`,
    )
    .replace(URL_TEXT, (element, name: string, attributes: string, url: string) => {
      const trimmed = url.trim();
      if (trimmed === '' || (name === 'BaseURL' && trimmed.split(/[?#]/, 1)[0]?.endsWith('/'))) return element;
      return `<${name}${attributes}>${appendQuery(trimmed, xmlQuery, '&amp;')}</${name}>`;
    });
}
