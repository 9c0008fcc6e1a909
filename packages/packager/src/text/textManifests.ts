import type { TextFile, TextTrackInfo } from '@ott/core';
import { escapeXml } from '../dash/escapeXml.js';
import { relativeUri } from '../manifest/relativeUri.js';

/** A subtitle rendition as the manifests see it: its WebVTT segments (HLS) and whole file (DASH). */
export interface TextRendition {
  readonly renditionId: string;
  readonly track: TextTrackInfo;
  readonly segments: readonly TextFile[];
  readonly whole?: TextFile;
}

/** Groups the `text-file` items of a presentation by rendition, in arrival order. */
export function collectText(files: readonly TextFile[]): TextRendition[] {
  interface Entry {
    renditionId: string;
    track: TextTrackInfo;
    segments: TextFile[];
    whole?: TextFile;
  }
  const byId = new Map<string, Entry>();
  for (const file of files) {
    const entry: Entry = byId.get(file.renditionId) ?? { renditionId: file.renditionId, track: file.track, segments: [] };
    if (file.role === 'whole') entry.whole = file;
    else entry.segments.push(file);
    byId.set(file.renditionId, entry);
  }
  return [...byId.values()].filter((r) => r.segments.length > 0);
}

/** The HLS media playlist of a subtitle rendition: its WebVTT segments (RFC 8216bis §3.1.4). */
export function writeTextPlaylist(rendition: TextRendition, playlistPath: string): string {
  const target = Math.max(1, ...rendition.segments.map((s) => Math.ceil(s.duration - 1e-6)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:1', '#EXT-X-PLAYLIST-TYPE:VOD'];
  for (const segment of rendition.segments) lines.push(`#EXTINF:${segment.duration.toFixed(3)},`, relativeUri(playlistPath, segment.path));
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}

/** The `EXT-X-MEDIA TYPE=SUBTITLES` tags of the multivariant playlist, group `subs` (`SUBTITLES="subs"` on each variant). */
export function subtitleMediaTags(entries: readonly { readonly rendition: TextRendition; readonly playlistPath: string }[], masterPath: string): string[] {
  const names = new Set<string>();
  return entries.map(({ rendition, playlistPath }) => {
    const { track } = rendition;
    let name = track.name ?? track.language ?? rendition.renditionId;
    if (names.has(name)) name = `${name} (${rendition.renditionId})`;
    names.add(name);
    const attributes = ['TYPE=SUBTITLES', 'GROUP-ID="subs"', `NAME="${name.replace(/["\r\n]/g, '')}"`];
    if (track.language !== undefined) attributes.push(`LANGUAGE="${track.language}"`);
    attributes.push(`DEFAULT=${track.default === true ? 'YES' : 'NO'}`, `AUTOSELECT=${track.default === true || track.forced === true ? 'YES' : 'NO'}`);
    if (track.forced === true) attributes.push('FORCED=YES');
    attributes.push(`URI="${relativeUri(masterPath, playlistPath)}"`);
    return `#EXT-X-MEDIA:${attributes.join(',')}`;
  });
}

/**
 * The text AdaptationSets of the MPD: one per subtitle rendition, its whole WebVTT file as a sidecar Representation
 * (`mimeType="text/vtt"`, what dash.js, Shaka Player and `@ott/player` load), with `lang`, `Label` and `Role`
 * `subtitle` (`forced-subtitle` for forced subtitles).
 */
export function textAdaptationSets(renditions: readonly TextRendition[], firstId: number, mpdPath: string): string[] {
  const lines: string[] = [];
  renditions.forEach((rendition, i) => {
    const { track, whole } = rendition;
    if (whole === undefined) return;
    const lang = track.language === undefined ? '' : ` lang="${escapeXml(track.language)}"`;
    lines.push(`    <AdaptationSet id="${firstId + i}" contentType="text" mimeType="text/vtt"${lang}>`);
    if (track.name !== undefined) lines.push(`      <Label>${escapeXml(track.name)}</Label>`);
    lines.push(`      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="${track.forced === true ? 'forced-subtitle' : 'subtitle'}"/>`);
    lines.push(`      <Representation id="${escapeXml(rendition.renditionId)}" bandwidth="256">`);
    lines.push(`        <BaseURL>${escapeXml(relativeUri(mpdPath, whole.path))}</BaseURL>`, '      </Representation>', '    </AdaptationSet>');
  });
  return lines;
}

