import type { TrackInfo } from '@ott/core';
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
