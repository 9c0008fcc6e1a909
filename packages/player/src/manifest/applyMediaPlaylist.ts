import { readHlsProtection } from './readHlsProtection.js';
import { parseM3u8 } from './parseM3u8.js';
import type { M3u8Key, M3u8Manifest, M3u8Map, M3u8Part, M3u8Range, M3u8Segment } from './parseM3u8.js';
import type { Aes128Key, InitRef, Presentation, SegmentRef, Track } from './Presentation.js';

const rangeOf = (range: M3u8Range | undefined): { byteRange?: { offset: number; length: number } } =>
  range ? { byteRange: { offset: range.offset, length: range.length } } : {};

function ivBytes(iv: Uint32Array): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  iv.forEach((word, i) => view.setUint32(i * 4, word));
  return out;
}

/** The AES-128 key of an EXT-X-KEY, if its METHOD is AES-128 (RFC 8216bis §4.4.4.4). */
function aes128Of(key: M3u8Key | undefined, base: string): Aes128Key | undefined {
  return key?.method === 'AES-128' ? { url: new URL(key.uri, base).href, ...(key.iv ? { iv: ivBytes(key.iv) } : {}) } : undefined;
}

/** An EXT-X-MAP as an {@link InitRef}, encrypted when an AES-128 key came before it. */
function initOf(map: M3u8Map, base: string): InitRef {
  const aes128 = aes128Of(map.key, base);
  return { url: new URL(map.uri, base).href, ...rangeOf(map.byterange), ...(aes128 ? { aes128 } : {}) };
}

/** Parts of one segment on the presentation timeline (RFC 8216bis §4.4.4.9). */
function toParts(parts: readonly M3u8Part[], base: string, start: number, number: number, timeline: number, init: SegmentRef['init']): SegmentRef[] {
  let time = start;
  return parts.map((part) => {
    const ref: SegmentRef = {
      url: new URL(part.uri, base).href, start: time, duration: part.duration, timeline, number,
      ...(part.independent ? { independent: true } : {}), ...rangeOf(part.byterange), ...(init ? { init } : {}),
    };
    time += part.duration;
    return ref;
  });
}

/** Segments of a media playlist on the presentation timeline, from `startAt`; `timelineShift` fixes delta updates. */
function toSegments(segments: readonly M3u8Segment[], base: string, startAt: number, firstNumber: number, timelineShift: number): SegmentRef[] {
  let time = startAt;
  return segments.map((segment, index): SegmentRef => {
    const init = segment.map ? initOf(segment.map, base) : undefined;
    const aes128 = aes128Of(segment.key, base);
    const timeline = (segment.timeline ?? 0) + timelineShift;
    const number = firstNumber + index;
    const ref: SegmentRef = {
      url: new URL(segment.uri, base).href, start: time, duration: segment.duration, timeline, number,
      ...rangeOf(segment.byterange), ...(init ? { init } : {}),
      ...(aes128 ? { aes128 } : {}),
      ...(segment.programDateTime !== undefined ? { pdt: segment.programDateTime } : {}),
      ...(segment.parts?.length ? { parts: toParts(segment.parts, base, time, number, timeline, init) } : {}),
    };
    time += segment.duration;
    return ref;
  });
}

/** The LL-HLS segment in progress: its parts, then the `EXT-X-PRELOAD-HINT` part (RFC 8216bis §4.4.5.3). */
function partialSegment(manifest: M3u8Manifest, base: string, last: SegmentRef | undefined, number: number, startAt: number): SegmentRef | undefined {
  const pre = manifest.preloadSegment;
  if (!pre) return undefined;
  const start = last ? last.start + last.duration : startAt;
  const timeline = last?.timeline ?? pre.timeline ?? 0;
  const init = pre.map ? initOf(pre.map, base) : last?.init;
  const parts = toParts(pre.parts ?? [], base, start, number, timeline, init);
  const hint = pre.preloadHints?.find((h) => h.type === 'PART' && !h.byterangeStart);
  const listed = parts.reduce((sum, p) => sum + p.duration, 0);
  if (hint) {
    parts.push({
      url: new URL(hint.uri, base).href, start: start + listed, duration: manifest.partTargetDuration ?? 0.5, timeline, number, hint: true,
      ...(parts.length === 0 ? { independent: true } : {}), ...(init ? { init } : {}),
    });
  }
  if (parts.length === 0) return undefined;
  const pdt = last?.pdt !== undefined ? last.pdt + last.duration * 1000 : undefined;
  return { url: '', start, duration: parts.reduce((sum, p) => sum + p.duration, 0), timeline, number, parts, partial: true, ...(init ? { init } : {}), ...(pdt !== undefined ? { pdt } : {}) };
}

/**
 * Where the first listed segment starts on the presentation timeline: a known segment keeps its start (reloads,
 * delta updates); a first load lines up with a same-kind track by media sequence (renditions share numbering), else
 * with the wall clock of `EXT-X-PROGRAM-DATE-TIME`, else starts at 0.
 */
function startOf(track: Track, presentation: Presentation, firstNumber: number, firstPdt: number | undefined, kept: readonly SegmentRef[]): number {
  const previous = track.segments ?? [];
  const anchor = previous.find((s) => s.number === firstNumber);
  if (anchor) return anchor.start;
  const lastKept = kept[kept.length - 1];
  if (lastKept) return lastKept.start + lastKept.duration;
  const lastPrev = previous.filter((s) => !s.partial).pop();
  if (lastPrev && lastPrev.number < firstNumber) return lastPrev.start + lastPrev.duration * (firstNumber - lastPrev.number);
  const peers = track.kind === 'audio' ? presentation.audioTracks : presentation.levels;
  for (const peer of peers) {
    const same = peer !== track ? peer.segments?.find((s) => s.number === firstNumber) : undefined;
    if (same) return same.start;
  }
  if (firstPdt !== undefined && presentation.pdtAnchor !== undefined) return (firstPdt - presentation.pdtAnchor) / 1000;
  return 0;
}

/**
 * Applies a (re)loaded media playlist to `track`: segments keep their timeline position across reloads, LL-HLS
 * parts and the preload hint become a trailing partial segment, delta updates (`EXT-X-SKIP`, RFC 8216bis §4.4.5.2)
 * reuse the segments already known. Returns false when a delta update does not line up with what is known (reload
 * the whole playlist then).
 */
export function applyMediaPlaylist(track: Track, presentation: Presentation, text: string, url: string): boolean {
  const manifest = parseM3u8(text, url);
  const skipped = manifest.skip?.skippedSegments ?? 0;
  const sequence = manifest.mediaSequence ?? 0;
  const firstNumber = sequence + skipped;
  const kept = skipped > 0 ? (track.segments ?? []).filter((s) => !s.partial && s.number >= sequence && s.number < firstNumber) : [];
  if (kept.length !== skipped) return false;
  const listed = manifest.segments ?? [];
  const lastKept = kept[kept.length - 1];
  // m3u8-parser numbers discontinuities from EXT-X-DISCONTINUITY-SEQUENCE, which counts the skipped segments too.
  const timelineShift = lastKept ? lastKept.timeline - (manifest.discontinuitySequence ?? 0) : 0;
  const startAt = startOf(track, presentation, firstNumber, listed[0]?.programDateTime, kept);
  const segments = [...kept, ...toSegments(listed, url, startAt, firstNumber, timelineShift)];
  const last = segments[segments.length - 1];
  const partial = partialSegment(manifest, url, last, firstNumber + listed.length, startAt);
  track.segments = partial ? [...segments, partial] : segments;
  track.loadedAt = performance.now();
  track.targetDuration = manifest.targetDuration ?? 6;
  track.canBlockReload = manifest.serverControl?.canBlockReload === true;
  track.canSkipUntil = manifest.serverControl?.canSkipUntil ?? 0;
  track.endList = manifest.endList === true;
  // The next blocking reload asks for the part after the last one listed, or the next segment (§6.2.5.2).
  const listedParts = partial?.parts?.filter((p) => !p.hint).length ?? 0;
  track.nextMsn = partial ? partial.number : firstNumber + listed.length;
  if (manifest.partTargetDuration !== undefined) track.nextPart = partial ? listedParts : 0;
  else delete track.nextPart;
  track.protection.push(...readHlsProtection(text, url).filter((p) => !track.protection.some((q) => q.keySystem === p.keySystem && q.kid === p.kid)));
  const withPdt = segments.find((s) => s.pdt !== undefined);
  if (presentation.pdtAnchor === undefined && withPdt?.pdt !== undefined) presentation.pdtAnchor = withPdt.pdt - withPdt.start * 1000;
  if (!track.endList && !presentation.liveEnded) presentation.live = true;
  if (presentation.live) {
    const part = manifest.partTargetDuration;
    presentation.lowLatency = part !== undefined;
    presentation.refreshInterval = part ?? manifest.targetDuration ?? 6;
    // PART-HOLD-BACK (LL) or HOLD-BACK: the closest to the end a client should play (§4.4.3.8), default 3 × target.
    const hold = part !== undefined ? manifest.serverControl?.partHoldBack ?? 3 * part : manifest.serverControl?.holdBack ?? 3 * (manifest.targetDuration ?? 6);
    presentation.holdBack = hold;
    presentation.targetLatency = hold;
    presentation.duration = Infinity;
  } else if (last) {
    presentation.duration = Math.max(Number.isFinite(presentation.duration) ? presentation.duration : 0, last.start + last.duration);
  }
  return true;
}
