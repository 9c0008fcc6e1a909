import { adaptationSetKey, audioDescriptors, captionDescriptors } from './accessibility.js';
import { escapeXml } from './escapeXml.js';
import { formatDuration } from './formatDuration.js';
import { formatFrameRate } from './formatFrameRate.js';
import { templatePaths } from './templatePaths.js';
import { writeSegmentTimeline } from './writeSegmentTimeline.js';
import { measureBandwidth } from '../manifest/measureBandwidth.js';
import type { RenditionRecord } from '../manifest/RenditionRecord.js';
import type { LiveRenditionState, LiveSegmentRecord } from '../live/LiveRecords.js';
import type { LivePeriod } from './planLivePeriods.js';

/** Options of {@link writeLiveMpd}. Durations in seconds, instants in epoch ms. */
export interface LiveMpdOptions {
  readonly type: 'dynamic' | 'static';
  /** Where the MPD is stored, relative to the output root. */
  readonly mpdPath: string;
  readonly periods: readonly LivePeriod[];
  readonly segmentDuration: number;
  readonly minBufferTime: number;
  /** Dynamic only: */
  readonly availabilityStartTime?: number;
  readonly publishTime?: number;
  readonly timeShiftBufferDepth?: number;
  readonly targetLatency?: number;
  readonly utcTimingUrl?: string;
  /** Low latency: `availabilityTimeOffset` (segment − part duration), `availabilityTimeComplete="false"`. */
  readonly availabilityTimeOffset?: number;
}

/** Segments the announced bandwidth is measured on. */
const RECENT = 30;

interface Entry {
  readonly state: LiveRenditionState;
  readonly segments: readonly LiveSegmentRecord[];
}

/**
 * Writes the DASH MPD of a live presentation (ISO/IEC 23009-1, DASH-IF IOP live and low-latency): `type="dynamic"`
 * with `availabilityStartTime`, `publishTime`, `minimumUpdatePeriod`, `timeShiftBufferDepth`,
 * `suggestedPresentationDelay`, a `ServiceDescription` latency target and a `UTCTiming` (http-xsdate) element; every
 * Representation addressed by `SegmentTemplate` + `SegmentTimeline` + `$Number$`. With low latency the segment in
 * progress is already in the timeline (with its expected duration) and `availabilityTimeOffset` lets clients fetch it
 * while its chunks are written. `type="static"` is the finished stream (live-to-VOD) with `mediaPresentationDuration`.
 */
export function writeLiveMpd(states: readonly LiveRenditionState[], options: LiveMpdOptions): string {
  const dynamic = options.type === 'dynamic';
  const periods = options.periods.map((period, i) => ({ period, entries: entriesOf(states, options, i) }));
  const used = periods.filter((p) => p.entries.some((e) => e.segments.length > 0));
  const attributes: Record<string, string | number | undefined> = {
    xmlns: 'urn:mpeg:dash:schema:mpd:2011',
    profiles: 'urn:mpeg:dash:profile:isoff-live:2011',
    type: options.type,
  };
  if (dynamic) {
    Object.assign(attributes, {
      availabilityStartTime: isoTime(options.availabilityStartTime ?? 0),
      publishTime: isoTime(options.publishTime ?? 0),
      minimumUpdatePeriod: seconds(options.segmentDuration),
      timeShiftBufferDepth: options.timeShiftBufferDepth !== undefined && Number.isFinite(options.timeShiftBufferDepth) ? seconds(options.timeShiftBufferDepth) : undefined,
      suggestedPresentationDelay: options.targetLatency === undefined ? undefined : seconds(options.targetLatency),
    });
  } else {
    attributes.mediaPresentationDuration = formatDuration(presentationEnd(used.map((p) => p.entries).flat(), options.periods));
  }
  attributes.maxSegmentDuration = seconds(maxSegment(used.flatMap((p) => p.entries)) || options.segmentDuration);
  attributes.minBufferTime = seconds(options.minBufferTime);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<MPD${attrs(attributes)}>`];
  if (dynamic && options.targetLatency !== undefined) {
    const target = Math.round(options.targetLatency * 1000);
    lines.push(
      '  <ServiceDescription id="0">',
      `    <Latency target="${target}" min="${Math.round(target * 0.75)}" max="${target * 2}"/>`,
      '    <PlaybackRate min="0.96" max="1.04"/>',
      '  </ServiceDescription>',
    );
  }
  for (const { period, entries } of used) {
    lines.push(`  <Period id="${escapeXml(period.id)}" start="${seconds(period.start)}">`);
    adaptationSetsOf(entries).forEach((set, index) => lines.push(...adaptationSet(set, index, period, options)));
    lines.push('  </Period>');
  }
  if (dynamic && options.utcTimingUrl !== undefined) {
    lines.push(`  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-xsdate:2014" value="${escapeXml(options.utcTimingUrl)}"/>`);
  }
  lines.push('</MPD>', '');
  return lines.join('\n');
}

/** The segments of each rendition that fall in period `index` (the segment in progress too, in a low-latency dynamic MPD). */
function entriesOf(states: readonly LiveRenditionState[], options: LiveMpdOptions, index: number): Entry[] {
  const from = options.periods[index]?.fromSession ?? 1;
  const until = options.periods[index + 1]?.fromSession ?? Infinity;
  const inPeriod = (s: LiveSegmentRecord): boolean => s.session >= from && s.session < until;
  return states.map((state) => {
    const segments = state.segments.filter(inPeriod);
    const open = state.open;
    const early = options.type === 'dynamic' && options.availabilityTimeOffset !== undefined;
    if (early && open !== undefined && open.parts.length > 0 && inPeriod(open) && state.expectedOpenDuration !== undefined) {
      segments.push({ ...open, duration: state.expectedOpenDuration });
    }
    return { state, segments };
  });
}

function adaptationSetsOf(entries: readonly Entry[]): Entry[][] {
  const sets = new Map<string, Entry[]>();
  for (const entry of entries) {
    if (entry.segments.length === 0) continue;
    const key = adaptationSetKey(entry.state.track);
    sets.set(key, [...(sets.get(key) ?? []), entry]);
  }
  return [...sets.values()];
}

function adaptationSet(set: readonly Entry[], id: number, period: LivePeriod, options: LiveMpdOptions): string[] {
  const first = set[0];
  if (first === undefined) return [];
  const { kind, language } = first.state.track;
  const attributes: Record<string, string | number | undefined> = {
    id,
    contentType: kind,
    mimeType: `${kind}/mp4`,
    lang: kind === 'audio' ? language : undefined,
    segmentAlignment: 'true',
    startWithSAP: set.every((e) => e.segments.every((s) => s.startsWithKeyframe)) ? 1 : undefined,
  };
  if (kind === 'video') {
    attributes.maxWidth = Math.max(...set.map((e) => e.state.track.width ?? 0)) || undefined;
    attributes.maxHeight = Math.max(...set.map((e) => e.state.track.height ?? 0)) || undefined;
  }
  const lines = [`    <AdaptationSet${attrs(attributes)}>`, ...audioDescriptors(first.state.track, '      '), ...captionDescriptors(set.map((e) => e.state.track), '      ')];
  for (const entry of set) lines.push(...representation(entry, period, options));
  lines.push('    </AdaptationSet>');
  return lines;
}

function representation(entry: Entry, period: LivePeriod, options: LiveMpdOptions): string[] {
  const { state, segments } = entry;
  const first = segments[0] as LiveSegmentRecord;
  const track = first.init.track;
  const record: RenditionRecord = { renditionId: state.renditionId, track, initPath: first.init.path, segments };
  // Measured on the newest segments: the MPD is rewritten every segment, and a DVR window may hold thousands.
  const measured = measureBandwidth({ ...record, segments: segments.slice(-RECENT) }, options.segmentDuration).peak;
  const attributes: Record<string, string | number | undefined> = {
    id: state.renditionId,
    bandwidth: Math.max(1, measured, state.track.bitrate ?? 0),
    codecs: track.codec,
  };
  if (track.kind === 'video') {
    const fps = state.track.frameRate;
    Object.assign(attributes, { width: track.width, height: track.height, frameRate: fps !== undefined && fps > 0 ? formatFrameRate(fps) : undefined, sar: '1:1' });
  } else {
    attributes.audioSamplingRate = track.sampleRate;
  }
  const lines = [`      <Representation${attrs(attributes)}>`];
  if (track.kind === 'audio' && track.channels !== undefined) {
    lines.push(`        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${track.channels}"/>`);
  }
  // The packager names every segment the same way: the template is derived from (and checked against) the first.
  const paths = templatePaths({ ...record, segments: [first] }, options.mpdPath);
  const offset = Math.round(period.mediaStart * track.timescale);
  const template: Record<string, string | number | undefined> = {
    timescale: track.timescale,
    presentationTimeOffset: offset > 0 ? offset : undefined,
    initialization: paths.initialization,
    media: paths.media,
    startNumber: first.number,
  };
  if (options.type === 'dynamic' && options.availabilityTimeOffset !== undefined) {
    template.availabilityTimeOffset = Number(options.availabilityTimeOffset.toFixed(3));
    template.availabilityTimeComplete = 'false';
  }
  lines.push(`        <SegmentTemplate${attrs(template)}>`, writeSegmentTimeline(segments, '          '));
  lines.push('        </SegmentTemplate>', '      </Representation>');
  return lines;
}

/** End of the presentation: the latest segment end, relative to the first Period's media start. */
function presentationEnd(entries: readonly Entry[], periods: readonly LivePeriod[]): number {
  const origin = periods[0]?.mediaStart ?? 0;
  let end = 0;
  for (const { segments } of entries) {
    const last = segments[segments.length - 1];
    if (last !== undefined) end = Math.max(end, (last.presentationTime + last.duration) / last.init.track.timescale - origin);
  }
  return end;
}

function maxSegment(entries: readonly Entry[]): number {
  let max = 0;
  for (const { segments } of entries) for (const s of segments) max = Math.max(max, s.duration / s.init.track.timescale);
  return Math.ceil(max * 1000) / 1000;
}

/** `xs:duration` in seconds, trailing zeros dropped (`PT2S`, `PT1.5S`). */
function seconds(value: number): string {
  return `PT${Number(Math.max(0, value).toFixed(3))}S`;
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function attrs(values: Record<string, string | number | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) if (value !== undefined) out += ` ${name}="${escapeXml(String(value))}"`;
  return out;
}
