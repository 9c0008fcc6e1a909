import { readBoxes, writeBoxes } from '@ott/core';
import type { Box, TencBox } from '@ott/core';
import { drmError } from '../keys/drmError.js';
import type { Pattern } from './cryptSample.js';
import type { NalCodec } from './nalSubsamples.js';
import { nalLengthSize } from './nalSubsamples.js';

/** What {@link protectInit} writes into the init segment. */
export interface InitProtection {
  readonly scheme: 'cenc' | 'cbcs';
  readonly kid: Uint8Array;
  /** 8 or 16 for per-sample IVs, 0 with `constantIv`. */
  readonly perSampleIvSize: number;
  readonly constantIv?: Uint8Array;
  readonly pattern?: Pattern;
  /** Whole `pssh` boxes appended to `moov`. */
  readonly psshBoxes: readonly Uint8Array[];
}

/** What the fragment encryptor needs to know about the track, learnt from its sample entry. */
export interface ProtectedTrack {
  readonly kind: 'video' | 'audio';
  /** Set for H.264/H.265 (subsample encryption). */
  readonly nal?: { readonly codec: NalCodec; readonly lengthSize: number };
  readonly originalFormat: string;
}

const VIDEO = new Set(['avc1', 'avc3', 'hev1', 'hvc1', 'dvh1', 'dvhe']);
const AUDIO = new Set(['mp4a', 'Opus', 'fLaC', 'ac-3', 'ec-3']);

/**
 * Rewrites a single-track CMAF header for Common Encryption (ISO/IEC 23001-7 §8, ISO/IEC 14496-12 §8.12): the sample
 * entry becomes `encv`/`enca` with a `sinf` (`frma` = original format, `schm` = scheme, `schi/tenc` = defaults) and
 * the `pssh` boxes are appended to `moov`.
 */
export function protectInit(init: Uint8Array, p: InitProtection): { data: Uint8Array; track: ProtectedTrack } {
  let found: ProtectedTrack | undefined;
  const rewrite = (box: Box): Box => {
    if (box.type === 'stsd' && 'children' in box) {
      return { ...box, children: box.children.map((entry) => {
        const r = protectEntry(entry, p);
        found ??= r.track;
        return r.entry;
      }) } as Box;
    }
    if ('children' in box && ['moov', 'trak', 'mdia', 'minf', 'stbl'].includes(box.type)) {
      const children = box.children.map(rewrite);
      if (box.type === 'moov') for (const pssh of p.psshBoxes) children.push({ type: 'pssh', data: pssh.subarray(8) });
      return { ...box, children } as Box;
    }
    return box;
  };
  const data = writeBoxes(readBoxes(init).map(rewrite));
  if (found === undefined) throw drmError('DRM_UNSUPPORTED', 'The init segment has no sample entry to protect; expected ftyp + moov with one track.');
  return { data, track: found };
}

function protectEntry(entry: Box, p: InitProtection): { entry: Box; track: ProtectedTrack } {
  const format = entry.type;
  const video = VIDEO.has(format);
  if ((!video && !AUDIO.has(format)) || !('children' in entry)) {
    throw drmError('DRM_UNSUPPORTED', `Cannot encrypt sample entry '${format}': supported are H.264/H.265 video (${[...VIDEO].join(', ')}) and audio (${[...AUDIO].join(', ')}). VP9/AV1 need codec-specific subsamples, not implemented.`, { format });
  }
  let nal: ProtectedTrack['nal'];
  if (video) {
    const codec: NalCodec = format.startsWith('avc') ? 'avc' : 'hevc';
    const config = entry.children.find((c) => c.type === (codec === 'avc' ? 'avcC' : 'hvcC'));
    if (config === undefined || !('data' in config)) throw drmError('DRM_UNSUPPORTED', `Sample entry '${format}' has no ${codec === 'avc' ? 'avcC' : 'hvcC'}; cannot find NAL unit lengths.`);
    nal = { codec, lengthSize: nalLengthSize(codec, config.data) };
  }
  const tenc: TencBox = {
    type: 'tenc',
    version: p.pattern === undefined ? 0 : 1,
    flags: 0,
    defaultCryptByteBlock: p.pattern?.crypt ?? 0,
    defaultSkipByteBlock: p.pattern?.skip ?? 0,
    defaultIsProtected: 1,
    defaultPerSampleIvSize: p.perSampleIvSize,
    defaultKid: p.kid,
    ...(p.perSampleIvSize === 0 ? { defaultConstantIv: p.constantIv ?? new Uint8Array(16) } : {}),
  };
  const sinf: Box = {
    type: 'sinf',
    children: [
      { type: 'frma', dataFormat: format },
      { type: 'schm', version: 0, flags: 0, schemeType: p.scheme, schemeVersion: 0x10000 },
      { type: 'schi', children: [tenc] },
    ],
  };
  return {
    entry: { ...entry, type: video ? 'encv' : 'enca', children: [...entry.children, sinf] } as Box,
    track: { kind: video ? 'video' : 'audio', originalFormat: format, ...(nal ? { nal } : {}) },
  };
}
