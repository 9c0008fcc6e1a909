import { measureBandwidth } from '../manifest/measureBandwidth.js';
import type { CaptionChannel } from '@ott/core';
import type { Bandwidth } from '../manifest/measureBandwidth.js';
import type { RenditionRecord } from '../manifest/RenditionRecord.js';
import { relativeUri } from '../manifest/relativeUri.js';
import { targetDuration } from '../manifest/targetDuration.js';
import { writeKeyTags } from './writeKeyTags.js';

/** One rendition and where its media playlist is stored (relative to the output root). */
export interface MasterPlaylistEntry {
  readonly rendition: RenditionRecord;
  readonly playlistPath: string;
  /** Bit rates to announce instead of measuring the listed segments (a live stream knows only its first ones). */
  readonly bandwidth?: Bandwidth;
}

/** Options of {@link writeMasterPlaylist}. */
export interface MasterPlaylistOptions {
  /** Where the multivariant playlist is stored, relative to the output root (default `master.m3u8`). */
  readonly masterPath?: string;
  /** `EXT-X-MEDIA TYPE=SUBTITLES` tags of group `subs` (see `subtitleMediaTags`); every variant then names the group. */
  readonly subtitleTags?: readonly string[];
}

interface Measured {
  readonly entry: MasterPlaylistEntry;
  readonly bandwidth: Bandwidth;
}

interface AudioGroup {
  readonly id: string;
  readonly members: readonly Measured[];
}

/**
 * Writes the HLS multivariant ("master") playlist (RFC 8216bis §4.4.6).
 *
 * - Audio renditions become `EXT-X-MEDIA` entries of an audio group; renditions with different codecs go to separate
 *   groups (a group's renditions must be interchangeable, and each variant's `CODECS` must list what it can play).
 * - Each video rendition becomes one `EXT-X-STREAM-INF` per audio group. `BANDWIDTH` is the video's peak segment bit
 *   rate plus the group's highest audio peak (§4.4.6.2: "the largest sum of peak segment bit rates … of any playable
 *   combination"); `AVERAGE-BANDWIDTH` likewise with averages.
 * - Without video, every audio rendition is a variant of its own; without audio, variants carry no `AUDIO`.
 *
 * @example
 * ```ts
 * declare const video720: RenditionRecord, audio: RenditionRecord; // from the segments written (writeManifests does this)
 * const text = writeMasterPlaylist([
 *   { rendition: video720, playlistPath: 'video_720p/playlist.m3u8' },
 *   { rendition: audio, playlistPath: 'audio_aac/playlist.m3u8' },
 * ]);
 * ```
 */
export function writeMasterPlaylist(entries: readonly MasterPlaylistEntry[], options: MasterPlaylistOptions = {}): string {
  const from = options.masterPath ?? 'master.m3u8';
  const measured = entries.map((entry) => ({
    entry,
    bandwidth: entry.bandwidth ?? measureBandwidth(entry.rendition, targetDuration(entry.rendition)),
  }));
  const video = measured.filter((m) => m.entry.rendition.track.kind === 'video');
  const audio = measured.filter((m) => m.entry.rendition.track.kind === 'audio');
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  // A relative key URI (the AES-128 key file beside each media playlist) means another file from the multivariant
  // playlist's folder, so it is not repeated there: EXT-X-SESSION-KEY is only a preload hint (RFC 8216bis §4.4.6.5).
  const sessionKeys = entries.flatMap((e) => e.rendition.protection?.hlsKeys ?? []).filter((k) => /^[a-z][a-z0-9+.-]*:/i.test(k.uri));
  lines.push(...writeKeyTags(sessionKeys, 'EXT-X-SESSION-KEY'));
  if (video.length === 0) {
    for (const a of audio) lines.push(streamInf([a], []), relativeUri(from, a.entry.playlistPath));
    lines.push('');
    return lines.join('\n');
  }
  const groups = groupAudio(audio);
  for (const group of groups) {
    const names = new Set<string>();
    // DEFAULT=YES on one rendition per group: the source's default (main) track, else the first.
    const chosen = Math.max(0, group.members.findIndex((a) => a.entry.rendition.track.isDefault === true));
    group.members.forEach((a, i) => {
      lines.push(mediaTag(a, group.id, i === chosen, names, from));
    });
  }
  const captions = captionSignalling(video);
  const subtitles = options.subtitleTags ?? [];
  lines.push(...captions.mediaTags, ...subtitles);
  for (const v of video) {
    const cc = captions.attribute(v);
    const extra = [...(subtitles.length > 0 ? ['SUBTITLES="subs"'] : []), ...(cc !== undefined ? [`CLOSED-CAPTIONS=${cc}`] : [])];
    if (groups.length === 0) lines.push(streamInf([v], [], undefined, extra), relativeUri(from, v.entry.playlistPath));
    for (const group of groups) {
      lines.push(streamInf([v], group.members, group.id, extra), relativeUri(from, v.entry.playlistPath));
    }
  }
  lines.push('');
  return lines.join('\n');
}

function groupAudio(audio: readonly Measured[]): AudioGroup[] {
  const byCodec = new Map<string, Measured[]>();
  for (const a of audio) {
    const codec = a.entry.rendition.track.codec;
    const members = byCodec.get(codec) ?? [];
    members.push(a);
    byCodec.set(codec, members);
  }
  const single = byCodec.size === 1;
  return [...byCodec.values()].map((members, i) => ({ id: single ? 'audio' : `audio-${i + 1}`, members }));
}

function mediaTag(a: Measured, groupId: string, isDefault: boolean, names: Set<string>, from: string): string {
  const { track, renditionId } = a.entry.rendition;
  // NAME must be unique in the group (RFC 8216bis §4.4.6.1).
  let name = track.label ?? track.language ?? renditionId;
  if (names.has(name)) name = `${name} (${renditionId})`;
  names.add(name);
  const attributes = [`TYPE=AUDIO`, `GROUP-ID=${quoted(groupId)}`, `NAME=${quoted(name)}`];
  if (track.language !== undefined) attributes.push(`LANGUAGE=${quoted(track.language)}`);
  attributes.push(`DEFAULT=${isDefault ? 'YES' : 'NO'}`, 'AUTOSELECT=YES');
  if (track.role === 'description') attributes.push('CHARACTERISTICS="public.accessibility.describes-video"');
  if (track.channels !== undefined) attributes.push(`CHANNELS=${quoted(String(track.channels))}`);
  attributes.push(`URI=${quoted(relativeUri(from, a.entry.playlistPath))}`);
  return `#EXT-X-MEDIA:${attributes.join(',')}`;
}

/** `main` is the variant's own rendition; `group` the audio it can be combined with (the most demanding counts). */
function streamInf(main: readonly Measured[], group: readonly Measured[], groupId?: string, extra: readonly string[] = []): string {
  const peakAudio = Math.max(0, ...group.map((a) => a.bandwidth.peak));
  const averageAudio = Math.max(0, ...group.map((a) => a.bandwidth.average));
  const own = main[0];
  if (own === undefined) throw new RangeError('streamInf needs a rendition');
  const { track } = own.entry.rendition;
  const codecs = [track.codec, ...new Set(group.map((a) => a.entry.rendition.track.codec))];
  const attributes = [
    `BANDWIDTH=${own.bandwidth.peak + peakAudio}`,
    `AVERAGE-BANDWIDTH=${own.bandwidth.average + averageAudio}`,
    `CODECS=${quoted(codecs.join(','))}`,
  ];
  if (track.width !== undefined && track.height !== undefined) attributes.push(`RESOLUTION=${track.width}x${track.height}`);
  if (track.frameRate !== undefined && track.frameRate > 0) attributes.push(`FRAME-RATE=${track.frameRate.toFixed(3)}`);
  if (groupId !== undefined) attributes.push(`AUDIO=${quoted(groupId)}`);
  attributes.push(...extra);
  return `#EXT-X-STREAM-INF:${attributes.join(',')}`;
}

/**
 * CEA-608 captions carried in the video (RFC 8216bis §4.4.6.1, §4.4.6.2): one `EXT-X-MEDIA TYPE=CLOSED-CAPTIONS` per
 * channel in group `cc`, named by the variants that carry them; `CLOSED-CAPTIONS=NONE` on every variant when none
 * has captions (the spec wants all or none of the variants to say NONE); nothing when it is not known.
 */
function captionSignalling(video: readonly Measured[]): { mediaTags: string[]; attribute: (v: Measured) => string | undefined } {
  const states = video.map((v) => v.entry.rendition.track.closedCaptions);
  if (states.length > 0 && states.every((s) => s === 'none')) return { mediaTags: [], attribute: () => 'NONE' };
  const channels = new Map<string, CaptionChannel>();
  for (const state of states) if (Array.isArray(state)) for (const c of state as readonly CaptionChannel[]) if (!channels.has(c.channel)) channels.set(c.channel, c);
  if (channels.size === 0) return { mediaTags: [], attribute: () => undefined };
  const mediaTags = [...channels.values()].map((c) => {
    const attributes = ['TYPE=CLOSED-CAPTIONS', 'GROUP-ID="cc"', `NAME=${quoted(c.name ?? c.language ?? c.channel)}`];
    if (c.language !== undefined) attributes.push(`LANGUAGE=${quoted(c.language)}`);
    // Captions are shown when the viewer asks (or the system's accessibility setting does): DEFAULT=NO.
    attributes.push('DEFAULT=NO', 'AUTOSELECT=YES', `INSTREAM-ID=${quoted(c.channel)}`);
    return `#EXT-X-MEDIA:${attributes.join(',')}`;
  });
  return { mediaTags, attribute: (v) => (Array.isArray(v.entry.rendition.track.closedCaptions) ? '"cc"' : undefined) };
}

/** RFC 8216bis §4.2: a quoted-string cannot contain a double quote, CR or LF. */
function quoted(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`;
}
