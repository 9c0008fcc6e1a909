import { measureBandwidth } from '../manifest/measureBandwidth.js';
import type { RenditionRecord } from '../manifest/RenditionRecord.js';
import { targetDuration } from '../manifest/targetDuration.js';
import { adaptationSetKey, audioDescriptors, captionDescriptors } from './accessibility.js';
import { escapeXml } from './escapeXml.js';
import { textAdaptationSets } from '../text/textManifests.js';
import type { TextRendition } from '../text/textManifests.js';
import { formatDuration } from './formatDuration.js';
import { formatFrameRate } from './formatFrameRate.js';
import { templatePaths } from './templatePaths.js';
import { writeSegmentTimeline } from './writeSegmentTimeline.js';
import { PROTECTION_NAMESPACES, writeContentProtection } from './writeContentProtection.js';

/** Options of {@link writeMpd}. */
export interface MpdOptions {
  /** Where the MPD is stored, relative to the output root (default `manifest.mpd`); URLs are relative to it. */
  readonly mpdPath?: string;
  /** `MPD@minBufferTime` in seconds (default 2). */
  readonly minBufferTime?: number;
  /** Subtitle renditions (from `addSubtitles`): one text AdaptationSet each, after the media. */
  readonly text?: readonly TextRendition[];
}

interface Timing {
  /** Earliest presentation time over all renditions, seconds. */
  readonly start: number;
  /** Latest presentation end, seconds. */
  readonly end: number;
  readonly maxSegment: number;
}

/**
 * Writes a static DASH MPD (ISO/IEC 23009-1, DASH-IF IOP) with the live profile's `SegmentTemplate` +
 * `SegmentTimeline` addressing: one Period, one AdaptationSet per content type (split further by codec family, and
 * for audio by language, since an AdaptationSet must be seamlessly switchable), a `SegmentTemplate` per
 * Representation (timescales may differ). `@bandwidth` is the measured peak segment bit rate. When the media does not
 * start at 0, every Representation gets the same `presentationTimeOffset` (the earliest start) so A/V sync is kept.
 *
 * @example
 * ```ts
 * declare const video720: RenditionRecord, audioAac: RenditionRecord;
 * writeMpd([video720, audioAac]) // '<?xml version="1.0" encoding="UTF-8"?>\n<MPD …'
 * ```
 */
export function writeMpd(renditions: readonly RenditionRecord[], options: MpdOptions = {}): string {
  const mpdPath = options.mpdPath ?? 'manifest.mpd';
  const timing = timingOf(renditions);
  const attributes = {
    xmlns: 'urn:mpeg:dash:schema:mpd:2011',
    profiles: 'urn:mpeg:dash:profile:isoff-live:2011',
    type: 'static',
    mediaPresentationDuration: formatDuration(timing.end - timing.start),
    maxSegmentDuration: formatDuration(timing.maxSegment),
    minBufferTime: formatDuration(options.minBufferTime ?? 2).replace('.000S', 'S'),
    ...(renditions.some((r) => r.protection !== undefined) ? PROTECTION_NAMESPACES : {}),
  };
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<MPD${attrs(attributes)}>`, '  <Period id="0" start="PT0S">'];
  const sets = adaptationSetsOf(renditions);
  sets.forEach((set, index) => lines.push(...adaptationSet(set, index, timing, mpdPath)));
  lines.push(...textAdaptationSets(options.text ?? [], sets.length, mpdPath));
  lines.push('  </Period>', '</MPD>', '');
  return lines.join('\n');
}

function timingOf(renditions: readonly RenditionRecord[]): Timing {
  let start = Infinity;
  let end = 0;
  let maxSegment = 0;
  for (const { segments, track } of renditions) {
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (first === undefined || last === undefined) continue;
    start = Math.min(start, first.presentationTime / track.timescale);
    end = Math.max(end, (last.presentationTime + last.duration) / track.timescale);
    for (const segment of segments) maxSegment = Math.max(maxSegment, segment.duration / track.timescale);
  }
  return { start: Number.isFinite(start) ? Math.max(0, start) : 0, end, maxSegment };
}

function adaptationSetsOf(renditions: readonly RenditionRecord[]): RenditionRecord[][] {
  const sets = new Map<string, RenditionRecord[]>();
  for (const rendition of renditions) {
    const key = adaptationSetKey(rendition.track);
    const set = sets.get(key) ?? [];
    set.push(rendition);
    sets.set(key, set);
  }
  return [...sets.values()].filter((set) => set.every((r) => r.segments.length > 0));
}

function adaptationSet(set: readonly RenditionRecord[], id: number, timing: Timing, mpdPath: string): string[] {
  const first = set[0];
  if (first === undefined) return [];
  const { kind, language } = first.track;
  const attributes: Record<string, string | number | undefined> = {
    id,
    contentType: kind,
    mimeType: `${kind}/mp4`,
    lang: kind === 'audio' ? language : undefined,
    segmentAlignment: aligned(set) ? 'true' : undefined,
    startWithSAP: set.every((r) => r.segments.every((s) => s.startsWithKeyframe)) ? 1 : undefined,
  };
  if (kind === 'video') Object.assign(attributes, videoLimits(set));
  const lines = [`    <AdaptationSet${attrs(attributes)}>`];
  // One key for the whole set: signal it once on the AdaptationSet; otherwise per Representation.
  const kids = new Set(set.map((r) => r.protection?.defaultKid));
  const shared = kids.size === 1 ? first.protection : undefined;
  if (shared !== undefined) lines.push(...writeContentProtection(shared, '      '));
  lines.push(...audioDescriptors(first.track, '      '), ...captionDescriptors(set.map((r) => r.track), '      '));
  for (const rendition of set) lines.push(...representation(rendition, timing, mpdPath, shared === undefined));
  lines.push('    </AdaptationSet>');
  return lines;
}

function videoLimits(set: readonly RenditionRecord[]): Record<string, string | number | undefined> {
  const widths = set.map((r) => r.track.width ?? 0);
  const heights = set.map((r) => r.track.height ?? 0);
  const rates = set.map((r) => r.track.frameRate ?? 0);
  const ratios = new Set(set.map((r) => aspectRatio(r.track.width ?? 0, r.track.height ?? 0)));
  const [par] = ratios;
  return {
    maxWidth: Math.max(...widths) || undefined,
    maxHeight: Math.max(...heights) || undefined,
    maxFrameRate: Math.max(...rates) > 0 ? formatFrameRate(Math.max(...rates)) : undefined,
    par: ratios.size === 1 && par !== '' ? par : undefined,
  };
}

function representation(rendition: RenditionRecord, timing: Timing, mpdPath: string, ownProtection = false): string[] {
  const { track, segments } = rendition;
  const bandwidth = measureBandwidth(rendition, targetDuration(rendition));
  const attributes: Record<string, string | number | undefined> = {
    id: rendition.renditionId,
    bandwidth: Math.max(1, bandwidth.peak),
    codecs: track.codec,
  };
  if (track.kind === 'video') {
    Object.assign(attributes, {
      width: track.width,
      height: track.height,
      frameRate: track.frameRate !== undefined && track.frameRate > 0 ? formatFrameRate(track.frameRate) : undefined,
      sar: '1:1',
    });
  } else {
    attributes.audioSamplingRate = track.sampleRate;
  }
  const lines = [`      <Representation${attrs(attributes)}>`];
  if (track.kind === 'audio' && track.channels !== undefined) {
    lines.push(
      '        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011"' +
        ` value="${track.channels}"/>`,
    );
  }
  // Schema order (RepresentationBaseType): AudioChannelConfiguration, then ContentProtection.
  if (ownProtection && rendition.protection !== undefined) lines.push(...writeContentProtection(rendition.protection, '        '));
  const paths = templatePaths(rendition, mpdPath);
  const offset = Math.round(timing.start * track.timescale);
  const template = {
    timescale: track.timescale,
    presentationTimeOffset: offset > 0 ? offset : undefined,
    initialization: paths.initialization,
    media: paths.media,
    startNumber: segments[0]?.number ?? 1,
  };
  lines.push(`        <SegmentTemplate${attrs(template)}>`);
  lines.push(writeSegmentTimeline(segments, '          '));
  lines.push('        </SegmentTemplate>', '      </Representation>');
  return lines;
}

/** Segment boundaries coincide (in seconds, to the millisecond) across the set: `segmentAlignment` may be claimed. */
function aligned(set: readonly RenditionRecord[]): boolean {
  const starts = (r: RenditionRecord): string =>
    r.segments.map((s) => (s.presentationTime / r.track.timescale).toFixed(3)).join(',');
  const [first, ...rest] = set;
  if (first === undefined) return false;
  const reference = starts(first);
  return rest.every((r) => starts(r) === reference);
}

function aspectRatio(width: number, height: number): string {
  if (width <= 0 || height <= 0) return '';
  const divisor = gcd(width, height);
  return `${width / divisor}:${height / divisor}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function attrs(values: Record<string, string | number | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) out += ` ${name}="${escapeXml(String(value))}"`;
  }
  return out;
}
