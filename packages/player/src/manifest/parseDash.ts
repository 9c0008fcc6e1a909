import { parse } from 'mpd-parser';
import { PlayerError } from '../errors/PlayerError.js';
import { mergePeriods } from './mergePeriods.js';
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
  /** Period@start of the period the playlist comes from (the first one when mpd-parser merged periods). */
  timeline?: number;
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
  /** Period@start of every Period. */
  timelineStarts?: { start: number }[];
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

/** Live timing of a dynamic MPD that segments need: when each may be requested (ISO/IEC 23009-1 §5.3.9.5.3). */
interface Availability {
  readonly startMs: number;
  readonly offset: number;
  readonly complete: boolean;
}

function toSegments(playlist: MpdPlaylist, live: Availability | undefined): SegmentRef[] | undefined {
  if (!playlist.segments?.length) return playlist.sidx ? undefined : [];
  let time = 0;
  const segments = playlist.segments.map((s): SegmentRef => {
    const start = s.presentationTime ?? time;
    time = start + s.duration;
    const init: InitRef | undefined = s.map ? { url: s.map.resolvedUri, ...rangeOf(s.map.byterange) } : undefined;
    return {
      url: s.resolvedUri, start, duration: s.duration, timeline: s.timeline, number: s.number, ...rangeOf(s.byterange), ...(init ? { init } : {}),
      ...(live ? { availableAt: live.startMs + (start + s.duration - live.offset) * 1000, ...(live.complete ? {} : { streaming: true }) } : {}),
    };
  });
  return live && !live.complete && live.offset > 0 && Number.isFinite(live.offset) ? [...segments, ...predictNext(segments, live)] : segments;
}

/**
 * LL-DASH: the MPD is refreshed every `minimumUpdatePeriod`, but with `availabilityTimeOffset` the next segment
 * can be requested while it is built. Predicts the one after the last listed (same duration, `$Number$` + 1) when
 * the last two URLs show a `$Number$` template; the server holds the request until its first chunk exists.
 */
function predictNext(segments: readonly SegmentRef[], live: Availability): SegmentRef[] {
  const [before, last] = segments.slice(-2);
  if (!before || !last || before.timeline !== last.timeline) return [];
  const url = numberedUrl(before.url, last.url);
  if (url === undefined) return [];
  const start = last.start + last.duration;
  return [{
    ...last, url, start, number: last.number + 1,
    availableAt: live.startMs + (start + last.duration - live.offset) * 1000, streaming: true, predicted: true,
  }];
}

/** `last` with its `$Number$` + 1, found as the only run of digits that grew by one from `before` (else undefined). */
function numberedUrl(before: string, last: string): string | undefined {
  const runs = (url: string): RegExpExecArray[] => [...url.matchAll(/\d+/g)];
  const a = runs(before);
  const b = runs(last);
  const changed = b.filter((run, i) => run[0] !== a[i]?.[0]);
  const run = changed[0];
  if (a.length !== b.length || changed.length !== 1 || !run || before.slice(0, run.index) !== last.slice(0, run.index)) return undefined;
  const index = b.indexOf(run);
  if (Number(run[0]) !== Number(a[index]?.[0]) + 1) return undefined;
  const next = String(Number(run[0]) + 1).padStart(run[0].length, '0');
  return last.slice(0, run.index) + next + last.slice(run.index + run[0].length);
}

function toTrack(playlist: MpdPlaylist, kind: Track['kind'], id: string, live: Availability | undefined, language?: string): Track {
  const a = playlist.attributes;
  const segments = toSegments(playlist, live);
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

const attribute = (text: string, name: string, element = 'MPD'): string | undefined => new RegExp(`<${element}[^>]*\\s${name}="([^"]*)"`).exec(text)?.[1];
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
  const atoText = /availabilityTimeOffset="([\d.]+|INF)"/.exec(text)?.[1];
  const ato = atoText === undefined ? 0 : atoText === 'INF' ? Infinity : Number(atoText);
  const ast = attribute(text, 'availabilityStartTime');
  const astMs = ast ? Date.parse(ast) : undefined;
  const delay = isoSeconds(attribute(text, 'suggestedPresentationDelay'));
  // ServiceDescription (ISO/IEC 23009-1 Annex K): latency target/max in ms, catch-up playback rates.
  const latencyMs = (name: string): number | undefined => {
    const value = attribute(text, name, 'Latency');
    return value !== undefined && Number(value) > 0 ? Number(value) / 1000 : undefined;
  };
  const target = latencyMs('target') ?? delay;
  const maxLatency = latencyMs('max');
  const minRate = Number(attribute(text, 'min', 'PlaybackRate'));
  const maxRate = Number(attribute(text, 'max', 'PlaybackRate'));
  const utcScheme = attribute(text, 'schemeIdUri', 'UTCTiming');
  const utcValue = attribute(text, 'value', 'UTCTiming');
  const utcTiming = utcScheme && utcValue ? { scheme: utcScheme, value: /:direct:/.test(utcScheme) ? utcValue : new URL(utcValue, url).href } : undefined;
  const availability: Availability | undefined = live && astMs !== undefined
    ? { startMs: astMs, offset: ato, complete: !/availabilityTimeComplete="false"/.test(text) }
    : undefined;
  const periodStarts = (manifest.timelineStarts ?? []).map((t) => t.start);
  const levels = mergePeriods(manifest.playlists ?? [], periodStarts).map((p, i) => toTrack(p, 'video', `video-${p.attributes.NAME ?? i}`, availability)).sort((x, y) => x.bandwidth - y.bandwidth);
  const audioTracks: Track[] = [];
  for (const group of Object.values(manifest.mediaGroups?.AUDIO ?? {})) {
    for (const [label, rendition] of Object.entries(group)) {
      // One entry per language/role; each may carry several bitrates: keep the highest for now.
      const best = mergePeriods(rendition.playlists ?? [], periodStarts).sort((x, y) => (y.attributes.BANDWIDTH ?? 0) - (x.attributes.BANDWIDTH ?? 0))[0];
      // mpd-parser keys the group by the AdaptationSet's Label, else `lang (role)`: the name to show.
      if (best) audioTracks.push({ ...toTrack(best, 'audio', `audio-${label}`, availability, rendition.language || undefined), name: label });
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
    clockOffsetMs: 0,
    ...(atoText ? { availabilityTimeOffset: ato } : {}),
    ...(live && ato > 0 ? { lowLatency: true } : {}),
    ...(target !== undefined ? { targetLatency: target } : {}),
    ...(maxLatency !== undefined ? { maxLatency } : {}),
    ...(minRate > 0 && maxRate >= minRate ? { playbackRates: { min: minRate, max: maxRate } } : {}),
    ...(astMs !== undefined ? { availabilityStartTime: astMs } : {}),
    ...(utcTiming ? { utcTiming } : {}),
  };
}
