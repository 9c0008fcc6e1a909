import { mp4Language } from '@ott/core';
import type { CaptionChannel, TrackInfo } from '@ott/core';
import { escapeXml } from './escapeXml.js';

/**
 * The AdaptationSet a track belongs to, VOD and live alike: one per content type and codec family and, for audio,
 * per language and role (an AdaptationSet must be seamlessly switchable: English and its audio description are two).
 */
export function adaptationSetKey(track: TrackInfo): string {
  const audio = track.kind === 'audio' ? `${track.language ?? ''}|${track.role ?? ''}` : '';
  return `${track.kind}|${track.codec.slice(0, 4)}|${audio}`;
}

/**
 * The `Label`, `Accessibility` and `Role` elements of an audio AdaptationSet (in the schema's order, after any
 * `ContentProtection`): `Role` from the DASH role scheme (`main`, `alternate`, `commentary`, `dub`, `description`), and
 * for audio description the DASH-IF `Accessibility` descriptor (`urn:tva:metadata:cs:AudioPurposeCS:2007`, value 1:
 * for the visually impaired). Nothing for video or for a track with no role and no label.
 */
export function audioDescriptors(track: TrackInfo, indent: string): string[] {
  if (track.kind !== 'audio') return [];
  const lines: string[] = [];
  if (track.label !== undefined) lines.push(`${indent}<Label>${escapeXml(track.label)}</Label>`);
  if (track.role === 'description') lines.push(`${indent}<Accessibility schemeIdUri="urn:tva:metadata:cs:AudioPurposeCS:2007" value="1"/>`);
  if (track.role !== undefined) lines.push(`${indent}<Role schemeIdUri="urn:mpeg:dash:role:2011" value="${track.role}"/>`);
  return lines;
}

/**
 * The `Accessibility` descriptor of a video AdaptationSet whose every Representation carries CEA-608 captions
 * (DASH-IF IOP: `urn:scte:dash:cc:cea-608:2015`, value `CC1=eng;CC3=fra`, languages as ISO 639-2).
 */
export function captionDescriptors(tracks: readonly TrackInfo[], indent: string): string[] {
  const first = tracks[0]?.closedCaptions;
  if (!Array.isArray(first) || !tracks.every((t) => Array.isArray(t.closedCaptions))) return [];
  const value = (first as readonly CaptionChannel[]).map((c) => (c.language === undefined ? c.channel : `${c.channel}=${mp4Language(c.language)}`)).join(';');
  return [`${indent}<Accessibility schemeIdUri="urn:scte:dash:cc:cea-608:2015" value="${escapeXml(value)}"/>`];
}
