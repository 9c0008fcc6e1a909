import type { TrackInfo } from '../../types/media.js';
import type { Box } from '../box/Box.js';
import { findBox, findPath } from '../box/findBox.js';
import { writeBox } from '../box/writeBox.js';
import type { AudioSampleEntryBox } from '../boxes/audioSampleEntry.js';
import type { ContainerBox } from '../boxes/container.js';
import type { OpaqueBox } from '../boxes/opaque.js';
import type { VisualSampleEntryBox } from '../boxes/visualSampleEntry.js';
import { aacChannelCount } from '../codec/aacChannelCount.js';
import { codecStringOfEntry } from '../codec/codecStringOf.js';
import { languageTag } from '../../language/languageTag.js';
import { isobmffError } from '../cursor/isobmffError.js';

/** A track's description plus the sample entry it was built from. */
export interface TrakDescription {
  readonly track: TrackInfo;
  /** The first sample entry of `stsd`, parsed. */
  readonly entry: Box;
  /** The same sample entry serialised (what a CMAF init of this track carries in `stsd`). */
  readonly sampleEntry: Uint8Array;
  /** `mdhd` handler type (`vide`, `soun`). */
  readonly handlerType: string;
}

/** Reads the Opus output channel count from `dOps` (Opus in ISOBMFF §4.3.2), if present. */
function esdsChannels(entry: AudioSampleEntryBox): number | undefined {
  const esds = entry.children.find((b) => b.type === 'esds');
  if (esds === undefined || !('data' in esds)) return undefined;
  return aacChannelCount((esds as OpaqueBox).data);
}

function opusChannels(entry: AudioSampleEntryBox): number | undefined {
  const dOps = entry.children.find((b) => b.type === 'dOps');
  if (dOps === undefined || !('data' in dOps) || (dOps as OpaqueBox).data.byteLength < 2) return undefined;
  return (dOps as OpaqueBox).data[1];
}

/**
 * Describes a `trak` (video or audio) with everything a manifest and a CMAF init need: id, kind, RFC 6381 codec,
 * sample entry fourcc, timescale, size or sample rate/channels, language.
 *
 * @throws OttError `ISOBMFF_UNSUPPORTED` for tracks that are neither `vide` nor `soun`, `ISOBMFF_INVALID_BOX` when
 * mandatory boxes are missing or the media timescale is 0 (every duration would be infinite).
 */
export function describeTrak(trak: ContainerBox<'trak'>): TrakDescription {
  const tkhd = findBox(trak, 'tkhd');
  const mdia = findBox(trak, 'mdia');
  const mdhd = findBox(mdia, 'mdhd');
  const hdlr = findBox(mdia, 'hdlr');
  const stsd = findPath(mdia, 'minf', 'stbl', 'stsd') as { children: readonly Box[] } | undefined;
  const entry = stsd?.children[0];
  if (tkhd === undefined || mdhd === undefined || hdlr === undefined || entry === undefined) {
    throw isobmffError('ISOBMFF_INVALID_BOX', 'trak lacks tkhd, mdia/mdhd, mdia/hdlr or a sample entry in stsd; the movie header is incomplete.');
  }
  if (hdlr.handlerType !== 'vide' && hdlr.handlerType !== 'soun') {
    throw isobmffError('ISOBMFF_UNSUPPORTED', `Track ${tkhd.trackId} has handler '${hdlr.handlerType}'; only video ('vide') and audio ('soun') tracks are handled.`, { trackId: tkhd.trackId });
  }
  if (mdhd.timescale === 0) {
    // ISO/IEC 14496-12 §8.4.2.3: the timescale counts time units per second; 0 makes every duration infinite.
    throw isobmffError('ISOBMFF_INVALID_BOX', `Track ${tkhd.trackId}: the mdhd timescale is 0, so no duration can be computed; remux or re-encode the input.`, { trackId: tkhd.trackId });
  }
  const kind = hdlr.handlerType === 'vide' ? 'video' : 'audio';
  const format = entry.type;
  const codec = codecStringOfEntry(entry);
  const btrt = 'children' in entry ? findBox(entry.children, 'btrt') : undefined;
  // RFC 5646 for manifests: `eng` → `en`.
  const language = /^[a-z]{3}$/.test(mdhd.language) ? languageTag(mdhd.language) : undefined;
  const base = {
    id: tkhd.trackId, kind, codec, sampleEntry: format, timescale: mdhd.timescale,
    ...(language !== undefined ? { language } : {}),
    ...(btrt !== undefined && btrt.avgBitrate > 0 ? { bitrate: btrt.avgBitrate } : {}),
  } as const;
  let track: TrackInfo;
  if (kind === 'video') {
    const v = entry as VisualSampleEntryBox;
    const width = v.width || Math.round(tkhd.width / 65536);
    const height = v.height || Math.round(tkhd.height / 65536);
    track = { ...base, width, height };
  } else {
    const a = entry as AudioSampleEntryBox;
    // Opus entries carry 48000 by rule (Opus in ISOBMFF §4.3.1); the rate sits in the integer part of 16.16.
    const sampleRate = format === 'Opus' ? 48000 : a.sampleRate >>> 16;
    const channels = (format === 'Opus' ? opusChannels(a) : format === 'mp4a' ? esdsChannels(a) : undefined) ?? a.channelCount;
    track = { ...base, sampleRate, channels };
  }
  return { track, entry, sampleEntry: writeBox(entry), handlerType: hdlr.handlerType };
}

/**
 * The {@link TrackInfo} of a `trak` box.
 *
 * @example
 * ```ts
 * declare const init: Uint8Array; // an init segment
 * const moov = findBox(readBoxes(init), 'moov');
 * const info = trackInfoFromTrak(findBox(moov, 'trak')!); // { id: 1, kind: 'video', codec: 'avc1.64001f', … }
 * ```
 */
export function trackInfoFromTrak(trak: ContainerBox<'trak'>): TrackInfo {
  return describeTrak(trak).track;
}
