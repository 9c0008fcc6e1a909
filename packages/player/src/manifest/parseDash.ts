import { parse } from 'mpd-parser';
import { PlayerError } from '../errors/PlayerError.js';
import type { InitRef, Presentation, ProtectionInfo, SegmentRef, Track } from './Presentation.js';

/** The parts of mpd-parser's (m3u8-parser-shaped) output the player reads. */
interface MpdRange { length: number; offset: number }
interface MpdSegment {
  resolvedUri: string;
  duration: number;
  timeline: number;
  number: number;
  presentationTime?: number;
  byterange?: MpdRange;
  map?: { resolvedUri: string; byterange?: MpdRange };
}
interface MpdPlaylist {
  attributes: { NAME?: string; BANDWIDTH?: number; CODECS?: string; RESOLUTION?: { width: number; height: number }; 'FRAME-RATE'?: number };
  segments?: MpdSegment[];
  sidx?: { resolvedUri: string; byterange: MpdRange; map?: { resolvedUri: string; byterange?: MpdRange } };
  contentProtection?: Record<string, { attributes?: Record<string, string>; pssh?: Uint8Array }>;
  targetDuration?: number;
}
interface MpdManifest {
  playlists?: MpdPlaylist[];
  mediaGroups?: {
    AUDIO?: Record<string, Record<string, { language?: string; default?: boolean; playlists?: MpdPlaylist[] }>>;
    SUBTITLES?: Record<string, Record<string, { language?: string; playlists?: { resolvedUri?: string; uri?: string }[] }>>;
  };
  duration?: number;
  endList?: boolean;
  minimumUpdatePeriod?: number;
  suggestedPresentationDelay?: number;
}

const SCHEME_TO_SYSTEM: Readonly<Record<string, string>> = {
  'urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b': 'org.w3.clearkey',
  'urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e': 'org.w3.clearkey',
};

/** DASH ContentProtection as mpd-parser exposes it (keyed by key system), plus `cenc:default_KID` and `dashif:Laurl`. */
function protectionOf(playlist: MpdPlaylist): ProtectionInfo[] {
  const entries = Object.entries(playlist.contentProtection ?? {});
  const kid = entries.map(([, v]) => v.attributes?.['cenc:default_KID']).find(Boolean)?.replace(/-/g, '').toLowerCase();
  return entries
    .filter(([system]) => system !== 'mp4protection')
    .map(([system, value]): ProtectionInfo => {
      const laUrl = value.attributes?.['dashif:Laurl'] ?? value.attributes?.['laurl'];
      return {
        keySystem: SCHEME_TO_SYSTEM[system] ?? system,
        ...(value.pssh ? { pssh: value.pssh } : {}),
        ...(kid ? { kid } : {}),
        ...(laUrl ? { licenseUrl: laUrl } : {}),
      };
    })
    .concat(entries.length > 0 && kid && !entries.some(([s]) => s === 'org.w3.clearkey') ? [{ keySystem: 'org.w3.clearkey', kid }] : []);
}

const rangeOf = (range: MpdRange | undefined): { byteRange?: { offset: number; length: number } } =>
  range ? { byteRange: { offset: range.offset, length: range.length } } : {};

function toSegments(playlist: MpdPlaylist): SegmentRef[] | undefined {
  if (!playlist.segments?.length) return playlist.sidx ? undefined : [];
  let time = 0;
  return playlist.segments.map((s): SegmentRef => {
    const start = s.presentationTime ?? time;
    time = start + s.duration;
    const init: InitRef | undefined = s.map ? { url: s.map.resolvedUri, ...rangeOf(s.map.byterange) } : undefined;
    return { url: s.resolvedUri, start, duration: s.duration, timeline: s.timeline, number: s.number, ...rangeOf(s.byterange), ...(init ? { init } : {}) };
  });
}

function toTrack(playlist: MpdPlaylist, kind: Track['kind'], id: string, language?: string): Track {
  const a = playlist.attributes;
  const segments = toSegments(playlist);
  const sidx = playlist.sidx;
  return {
    id, kind, bandwidth: a.BANDWIDTH ?? 0, protection: protectionOf(playlist),
    ...(a.NAME ? { name: a.NAME } : {}),
    ...(a.CODECS ? { codecs: a.CODECS } : {}),
    ...(a.RESOLUTION ? { width: a.RESOLUTION.width, height: a.RESOLUTION.height } : {}),
    ...(a['FRAME-RATE'] ? { frameRate: a['FRAME-RATE'] } : {}),
    ...(language ? { language } : {}),
    ...(segments ? { segments } : {}),
    ...(sidx ? { sidx: { url: sidx.resolvedUri, byteRange: { offset: sidx.byterange.offset, length: sidx.byterange.length }, ...(sidx.map ? { init: { url: sidx.map.resolvedUri, ...rangeOf(sidx.map.byterange) } } : {}) } } : {}),
    ...(playlist.targetDuration ? { targetDuration: playlist.targetDuration } : {}),
  };
}

const attribute = (text: string, name: string): string | undefined => new RegExp(`<MPD[^>]*\\s${name}="([^"]*)"`).exec(text)?.[1];
const isoSeconds = (value: string | undefined): number | undefined => {
  const m = value ? /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(value) : null;
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : undefined;
};

/** Reads an MPD with mpd-parser (SegmentTemplate/Timeline, SegmentList, SegmentBase, multi-period) into a {@link Presentation}. */
export function parseDash(text: string, url: string, nowMs = Date.now()): Presentation {
  let manifest: MpdManifest;
  try {
    const options = { manifestUri: url, NOW: nowMs, clientOffset: 0 };
    manifest = parse(text, options) as MpdManifest;
  } catch (cause) {
    throw new PlayerError('MANIFEST_PARSE_FAILED', `Could not parse the MPD at ${url}: ${String(cause)}.`, { stage: 'manifest', cause });
  }
  const live = attribute(text, 'type') === 'dynamic';
  const ato = /availabilityTimeOffset="([\d.]+|INF)"/.exec(text)?.[1];
  const ast = attribute(text, 'availabilityStartTime');
  const delay = isoSeconds(attribute(text, 'suggestedPresentationDelay'));
  const levels = (manifest.playlists ?? []).map((p, i) => toTrack(p, 'video', `video-${p.attributes.NAME ?? i}`)).sort((x, y) => x.bandwidth - y.bandwidth);
  const audioTracks: Track[] = [];
  for (const group of Object.values(manifest.mediaGroups?.AUDIO ?? {})) {
    for (const [label, rendition] of Object.entries(group)) {
      // One entry per language/role; each may carry several bitrates: keep the highest for now.
      const best = [...(rendition.playlists ?? [])].sort((x, y) => (y.attributes.BANDWIDTH ?? 0) - (x.attributes.BANDWIDTH ?? 0))[0];
      if (best) audioTracks.push(toTrack(best, 'audio', `audio-${label}`, rendition.language || undefined));
    }
  }
  const textTracks: Track[] = [];
  for (const group of Object.values(manifest.mediaGroups?.SUBTITLES ?? {})) {
    for (const [label, rendition] of Object.entries(group)) {
      const first = rendition.playlists?.[0];
      const sub = first?.resolvedUri ?? first?.uri;
      if (sub) textTracks.push({ id: `text-${label}`, kind: 'text', bandwidth: 0, protection: [], name: label, playlistUrl: sub, ...(rendition.language ? { language: rendition.language } : {}) });
    }
  }
  if (levels.length === 0 && audioTracks.length === 0) {
    throw new PlayerError('MANIFEST_UNSUPPORTED', `Expected at least one video or audio Representation in ${url}, found none.`, { stage: 'manifest' });
  }
  const protection = [...levels, ...audioTracks].flatMap((t) => t.protection);
  return {
    format: 'dash', url, live,
    duration: live ? Infinity : manifest.duration ?? 0,
    levels, audioTracks, textTracks, protection,
    refreshInterval: live ? manifest.minimumUpdatePeriod ? manifest.minimumUpdatePeriod / 1000 : 2 : 0,
    ...(ato ? { availabilityTimeOffset: ato === 'INF' ? Infinity : Number(ato) } : {}),
    ...(delay !== undefined ? { targetLatency: delay } : {}),
    ...(ast ? { availabilityStartTime: Date.parse(ast) } : {}),
  };
}
