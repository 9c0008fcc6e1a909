import type { TrackInfo } from '@ott/core';
import type { CpixContentKey, CpixDocument, CpixUsageRule } from '../cpix/CpixDocument.js';
import { kidText } from '../cpix/cpixValues.js';
import type { ContentKey } from './ContentKey.js';
import { drmError } from './drmError.js';
import { toHex } from './hex.js';

/** Which key period and labels a track is encrypted under (CPIX usage-rule inputs beyond the track itself). */
export interface CpixKeyContext {
  /** Key period id; default the first `ContentKeyPeriod` (lowest `index`). Rotation over all periods: `cpixKeyPeriods`. */
  readonly periodId?: string;
  /** Labels of the track for `LabelFilter`s (the rendition id is always one). */
  readonly labels?: readonly string[];
}

/**
 * Picks the content key of a track by the CPIX usage rules (CPIX 2.3 §5.3.5): a rule matches when the track passes
 * every kind of filter the rule has (video: pixels = width × height and fps; audio: channels; bitrate; key period;
 * label); a rule with no filter matches by `intendedTrackType` (`AUDIO…` audio only, `VIDEO`/`SD`/`HD`/`UHD…`
 * video only, anything else every track). A document without usage rules and a single key uses it for every track.
 * Throws `DRM_KEY_NOT_FOUND` when no key or more than one key matches, or the key's value is missing.
 */
export function selectCpixKey(doc: CpixDocument, track: TrackInfo, renditionId: string, context: CpixKeyContext = {}): ContentKey {
  const periodId = context.periodId ?? [...doc.keyPeriods].sort((a, b) => (a.index ?? 0) - (b.index ?? 0))[0]?.id;
  const labels = new Set([renditionId, ...(context.labels ?? [])]);
  let kids: string[];
  if (doc.usageRules.length === 0) {
    if (doc.contentKeys.length !== 1) throw notFound(`the CPIX document has ${doc.contentKeys.length} content keys and no usage rules to choose one for ${renditionId}`);
    kids = [toHex(doc.contentKeys[0]?.kid ?? new Uint8Array(0))];
  } else {
    kids = [...new Set(doc.usageRules.filter((r) => matches(r, track, periodId, labels)).map((r) => toHex(r.kid)))];
  }
  if (kids.length !== 1) {
    throw notFound(kids.length === 0 ? `no CPIX usage rule matches ${renditionId} (${describe(track)})` : `${kids.length} CPIX usage rules with different keys match ${renditionId} (${describe(track)})`);
  }
  const found = doc.contentKeys.find((k) => toHex(k.kid) === kids[0]);
  if (found?.key === undefined) {
    throw notFound(found === undefined ? `the usage rule of ${renditionId} names key id ${kids[0]}, which is not in the ContentKeyList` : `content key ${kidText(found.kid)} is encrypted; pass the recipient's private key to decrypt it`);
  }
  return toContentKey(found);
}

function toContentKey(k: CpixContentKey): ContentKey {
  if (k.key?.byteLength !== 16) throw drmError('DRM_INVALID_KEY', `Expected content key ${kidText(k.kid)} to be 16 bytes for AES-128 Common Encryption, got ${k.key?.byteLength ?? 0} bytes.`);
  return { kid: k.kid, key: k.key, ...(k.explicitIV !== undefined && (k.explicitIV.byteLength === 8 || k.explicitIV.byteLength === 16) ? { iv: k.explicitIV } : {}) };
}

function matches(rule: CpixUsageRule, track: TrackInfo, periodId: string | undefined, labels: ReadonlySet<string>): boolean {
  const { videoFilter, audioFilter, bitrateFilter, keyPeriodFilter, labelFilter } = rule;
  if (keyPeriodFilter && !keyPeriodFilter.some((f) => f.periodId === periodId)) return false;
  if (labelFilter && !labelFilter.some((f) => labels.has(f.label))) return false;
  if (videoFilter) {
    if (track.kind !== 'video') return false;
    const pixels = (track.width ?? 0) * (track.height ?? 0);
    const fps = track.frameRate;
    if (!videoFilter.some((f) => within(pixels, f.minPixels, f.maxPixels) && (fps === undefined || within(fps, f.minFps, f.maxFps)) && f.hdr !== true && f.wcg !== true)) return false;
  }
  if (audioFilter) {
    if (track.kind !== 'audio') return false;
    const channels = track.channels;
    if (!audioFilter.some((f) => channels === undefined || within(channels, f.minChannels, f.maxChannels))) return false;
  }
  if (bitrateFilter && track.bitrate !== undefined) {
    const bitrate = track.bitrate;
    if (!bitrateFilter.some((f) => within(bitrate, f.minBitrate, f.maxBitrate))) return false;
  }
  if (videoFilter || audioFilter || labelFilter) return true;
  const type = rule.intendedTrackType?.toUpperCase() ?? '';
  if (type.startsWith('AUDIO')) return track.kind === 'audio';
  if (/^(VIDEO|SD|HD|UHD)/.test(type)) return track.kind === 'video';
  return true;
}

function within(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

function describe(track: TrackInfo): string {
  return track.kind === 'video' ? `video ${track.width ?? '?'}x${track.height ?? '?'}` : `${track.kind}${track.channels ? ` ${track.channels} ch` : ''}`;
}

function notFound(why: string): Error {
  return drmError('DRM_KEY_NOT_FOUND', `No content key for the track: ${why}.`);
}
