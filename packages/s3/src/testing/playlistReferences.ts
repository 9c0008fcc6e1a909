import { posix } from 'node:path';

/**
 * The files a playlist or MPD names, as paths relative to the prefix (resolved against the manifest's folder):
 * HLS URI lines and `URI="…"` attributes (not `EXT-X-PRELOAD-HINT`, which names a part before it exists, RFC 8216bis
 * §4.4.5.3, nor `EXT-X-RENDITION-REPORT`, which reports on another playlist and is never fetched through it), DASH
 * `initialization`/`media` templates expanded over the `SegmentTimeline` (`$Number%05d$` only).
 */
export function playlistReferences(manifestPath: string, text: string): string[] {
  const folder = posix.dirname(manifestPath);
  const resolve = (uri: string): string => posix.normalize(posix.join(folder, uri.split('?')[0] as string));
  const found: string[] = [];
  if (text.startsWith('#EXTM3U')) {
    for (const line of text.split('\n').map((l) => l.trim())) {
      if (line === '') continue;
      if (!line.startsWith('#')) found.push(resolve(line));
      else if (!line.startsWith('#EXT-X-PRELOAD-HINT') && !line.startsWith('#EXT-X-RENDITION-REPORT')) for (const match of line.matchAll(/URI="([^"]+)"/g)) found.push(resolve(match[1] as string));
    }
    return found;
  }
  // DASH: every AdaptationSet/Representation with a SegmentTemplate.
  for (const rep of text.matchAll(/<Representation\b[^>]*\bid="([^"]+)"[\s\S]*?(?=<Representation\b|<\/AdaptationSet>)/g)) {
    const body = rep[0];
    const id = rep[1] as string;
    const template = /<SegmentTemplate\b[^>]*>/.exec(body)?.[0] ?? /<SegmentTemplate\b[^>]*>/.exec(text)?.[0];
    if (template === undefined) continue;
    const init = /initialization="([^"]+)"/.exec(template)?.[1];
    const media = /media="([^"]+)"/.exec(template)?.[1];
    const start = Number(/startNumber="(\d+)"/.exec(template)?.[1] ?? 1);
    const expand = (t: string, n?: number): string =>
      t.replace(/\$RepresentationID\$/g, id).replace(/\$Number%0(\d)d\$/g, (_, w: string) => String(n ?? 0).padStart(Number(w), '0')).replace(/\$Number\$/g, String(n ?? 0));
    if (init) found.push(resolve(expand(init)));
    let count = 0;
    for (const s of body.matchAll(/<S\b([^>]*)\/>/g)) count += 1 + Number(/\br="(\d+)"/.exec(s[1] ?? '')?.[1] ?? 0);
    // LL-DASH (availabilityTimeComplete="false"): the last timeline entry is the segment being built, announced early
    // on purpose (ISO/IEC 23009-1 availabilityTimeOffset); the folder origin streams its parts. It is not a dangling name.
    const listed = /availabilityTimeComplete="false"/.test(template) ? count - 1 : count;
    if (media) for (let n = start; n < start + listed; n++) found.push(resolve(expand(media, n)));
  }
  return found;
}
