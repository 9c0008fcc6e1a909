import { Parser } from 'm3u8-parser';
import { PlayerError } from '../errors/PlayerError.js';
import type { Presentation, ProtectionInfo, SegmentRef, Track } from './Presentation.js';

/** The parts of m3u8-parser's output the player reads. */
interface M3u8Segment {
  uri: string;
  duration: number;
  timeline?: number;
  byterange?: { length: number; offset: number };
  map?: { uri: string; byterange?: { length: number; offset: number } };
  key?: { method: string; uri: string; iv?: Uint32Array };
}
interface M3u8Manifest {
  playlists?: { uri: string; attributes: { BANDWIDTH?: number; CODECS?: string; RESOLUTION?: { width: number; height: number }; 'FRAME-RATE'?: number; AUDIO?: string; NAME?: string } }[];
  mediaGroups?: { AUDIO?: Record<string, Record<string, { uri?: string; default?: boolean; language?: string }>>; SUBTITLES?: Record<string, Record<string, { uri?: string; language?: string }>> };
  segments?: M3u8Segment[];
  endList?: boolean;
  targetDuration?: number;
  mediaSequence?: number;
  discontinuitySequence?: number;
  serverControl?: { canBlockReload?: boolean; holdBack?: number; partHoldBack?: number };
  partTargetDuration?: number;
}

const KEY_SYSTEMS: Readonly<Record<string, string>> = {
  'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed': 'com.widevine.alpha',
  'urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed': 'com.widevine.alpha',
  'com.microsoft.playready': 'com.microsoft.playready',
  'com.apple.streamingkeydelivery': 'com.apple.fps',
  'org.w3.clearkey': 'org.w3.clearkey',
  'urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e': 'org.w3.clearkey',
  'urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b': 'org.w3.clearkey',
};

/** Parses text with m3u8-parser. */
function parseM3u8(text: string, url: string): M3u8Manifest {
  if (!text.trimStart().startsWith('#EXTM3U')) {
    throw new PlayerError('MANIFEST_PARSE_FAILED', `Expected an HLS playlist starting with #EXTM3U at ${url}, got "${text.slice(0, 40)}".`, { stage: 'manifest' });
  }
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest as M3u8Manifest;
}

/** EXT-X-KEY / EXT-X-SESSION-KEY lines with a KEYFORMAT other than identity (SAMPLE-AES for EME). */
export function readHlsProtection(text: string, base: string): ProtectionInfo[] {
  const found: ProtectionInfo[] = [];
  for (const match of text.matchAll(/^#EXT-X-(?:SESSION-)?KEY:(.*)$/gm)) {
    const attrs = Object.fromEntries([...(match[1] ?? '').matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)].map((m) => [m[1], (m[2] ?? '').replace(/^"|"$/g, '')]));
    const method = attrs['METHOD'] ?? '';
    if (!method.startsWith('SAMPLE-AES')) continue;
    const format = (attrs['KEYFORMAT'] ?? 'identity').toLowerCase();
    const keySystem = KEY_SYSTEMS[format] ?? format;
    const uri = attrs['URI'] ?? '';
    const dataPssh = uri.startsWith('data:') && uri.includes('base64,') ? Uint8Array.from(atob(uri.split('base64,')[1] ?? ''), (c) => c.charCodeAt(0)) : undefined;
    const kid = attrs['KEYID']?.replace(/^0x/i, '').toLowerCase();
    found.push({
      keySystem,
      ...(dataPssh && keySystem !== 'org.w3.clearkey' ? { pssh: dataPssh } : {}),
      ...(kid ? { kid } : {}),
      ...(uri && !uri.startsWith('data:') && !uri.startsWith('skd:') ? { licenseUrl: new URL(uri, base).href } : {}),
    });
  }
  return found;
}

/** Segments of a media playlist on the presentation timeline; `startAt` offsets live playlists. */
function toSegments(manifest: M3u8Manifest, base: string, startAt: number): SegmentRef[] {
  let time = startAt;
  const firstNumber = manifest.mediaSequence ?? 0;
  return (manifest.segments ?? []).map((segment, index): SegmentRef => {
    const ref: SegmentRef = {
      url: new URL(segment.uri, base).href,
      start: time,
      duration: segment.duration,
      timeline: segment.timeline ?? 0,
      number: firstNumber + index,
      ...(segment.byterange ? { byteRange: { offset: segment.byterange.offset, length: segment.byterange.length } } : {}),
      ...(segment.map ? { init: { url: new URL(segment.map.uri, base).href, ...(segment.map.byterange ? { byteRange: { offset: segment.map.byterange.offset, length: segment.map.byterange.length } } : {}) } } : {}),
      ...(segment.key?.method === 'AES-128' ? { aes128: { url: new URL(segment.key.uri, base).href, ...(segment.key.iv ? { iv: ivBytes(segment.key.iv) } : {}) } } : {}),
    };
    time += segment.duration;
    return ref;
  });
}

function ivBytes(iv: Uint32Array): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  iv.forEach((word, i) => view.setUint32(i * 4, word));
  return out;
}

/**
 * Applies a (re)loaded media playlist to `track`. For live playlists the segments keep their timeline position:
 * a segment whose media sequence was already known keeps its start time.
 */
export function applyMediaPlaylist(track: Track, presentation: Presentation, text: string, url: string): void {
  const manifest = parseM3u8(text, url);
  const previous = track.segments ?? [];
  const firstNumber = manifest.mediaSequence ?? 0;
  const anchor = previous.find((s) => s.number === firstNumber);
  const lastPrev = previous[previous.length - 1];
  const startAt = anchor ? anchor.start : lastPrev && lastPrev.number < firstNumber ? lastPrev.start + lastPrev.duration : 0;
  track.segments = toSegments(manifest, url, startAt);
  track.targetDuration = manifest.targetDuration ?? 6;
  track.canBlockReload = manifest.serverControl?.canBlockReload === true;
  track.nextMsn = firstNumber + (manifest.segments?.length ?? 0);
  track.protection.push(...readHlsProtection(text, url).filter((p) => !track.protection.some((q) => q.keySystem === p.keySystem && q.kid === p.kid)));
  presentation.live = manifest.endList !== true;
  if (presentation.live) {
    presentation.refreshInterval = manifest.targetDuration ?? 6;
    const hold = manifest.partTargetDuration ? manifest.serverControl?.partHoldBack : manifest.serverControl?.holdBack;
    presentation.targetLatency = hold ?? 3 * (manifest.targetDuration ?? 6);
    presentation.duration = Infinity;
  } else {
    const last = track.segments[track.segments.length - 1];
    if (last) presentation.duration = Math.max(presentation.duration || 0, last.start + last.duration);
  }
}

/** Reads a multivariant playlist (or a lone media playlist, which becomes one level) into a {@link Presentation}. */
export function parseHls(text: string, url: string): Presentation {
  const manifest = parseM3u8(text, url);
  const protection = readHlsProtection(text, url);
  const presentation: Presentation = { format: 'hls', url, live: false, duration: 0, levels: [], audioTracks: [], textTracks: [], protection, refreshInterval: 0 };
  if (!manifest.playlists?.length) {
    const track: Track = { id: 'level-0', kind: 'muxed', bandwidth: 0, protection: [] };
    applyMediaPlaylist(track, presentation, text, url);
    presentation.levels.push(track);
    return presentation;
  }
  const audioGroups = manifest.mediaGroups?.AUDIO ?? {};
  manifest.playlists.forEach((playlist, i) => {
    const a = playlist.attributes;
    const group = a.AUDIO && audioGroups[a.AUDIO] && Object.values(audioGroups[a.AUDIO] ?? {}).some((r) => r.uri) ? a.AUDIO : undefined;
    const codecs = a.CODECS;
    const videoOnly = group !== undefined || (codecs !== undefined && !/mp4a|opus|ac-3|ec-3|flac/.test(codecs));
    presentation.levels.push({
      id: `level-${i}`,
      kind: videoOnly ? 'video' : 'muxed',
      bandwidth: a.BANDWIDTH ?? 0,
      playlistUrl: new URL(playlist.uri, url).href,
      protection: [],
      ...(codecs ? { codecs } : {}),
      ...(a.RESOLUTION ? { width: a.RESOLUTION.width, height: a.RESOLUTION.height } : {}),
      ...(a['FRAME-RATE'] ? { frameRate: a['FRAME-RATE'] } : {}),
      ...(group ? { audioGroup: group } : {}),
    });
  });
  for (const [groupId, renditions] of Object.entries(audioGroups)) {
    for (const [name, rendition] of Object.entries(renditions)) {
      if (!rendition.uri) continue;
      presentation.audioTracks.push({
        id: `audio-${groupId}-${name}`, kind: 'audio', bandwidth: 0, name, audioGroup: groupId, protection: [],
        playlistUrl: new URL(rendition.uri, url).href, ...(rendition.language ? { language: rendition.language } : {}),
      });
    }
  }
  for (const [groupId, renditions] of Object.entries(manifest.mediaGroups?.SUBTITLES ?? {})) {
    for (const [name, rendition] of Object.entries(renditions)) {
      if (!rendition.uri) continue;
      presentation.textTracks.push({ id: `text-${groupId}-${name}`, kind: 'text', bandwidth: 0, name, protection: [], playlistUrl: new URL(rendition.uri, url).href, ...(rendition.language ? { language: rendition.language } : {}) });
    }
  }
  presentation.levels.sort((x, y) => x.bandwidth - y.bandwidth);
  return presentation;
}
