import { findBox, findBoxes } from '@ott/core';
import type { Box, ContainerBox, TencBox } from '@ott/core';
import type { Pattern } from './cryptSample.js';

/** The encryption defaults of one track, from its `sinf` (ISO/IEC 23001-7 §8). */
export interface TrackProtection {
  readonly trackId: number;
  readonly scheme: 'cenc' | 'cbcs' | 'cens' | 'cbc1';
  readonly kid: Uint8Array;
  readonly isProtected: boolean;
  readonly perSampleIvSize: number;
  readonly constantIv?: Uint8Array;
  readonly pattern?: Pattern;
}

/** Sample defaults of `trex`, the fallback of `tfhd`/`trun` fields. */
export interface TrackDefaults {
  readonly defaultSampleDuration: number;
  readonly defaultSampleSize: number;
}

/** Reads the protection and `trex` defaults of every track of a `moov`. */
export function readTrackProtection(moov: ContainerBox): { protection: Map<number, TrackProtection>; defaults: Map<number, TrackDefaults> } {
  const protection = new Map<number, TrackProtection>();
  const defaults = new Map<number, TrackDefaults>();
  for (const trex of findBoxes(findBox(moov, 'mvex'), 'trex')) {
    defaults.set(trex.trackId, { defaultSampleDuration: trex.defaultSampleDuration, defaultSampleSize: trex.defaultSampleSize });
  }
  for (const trak of findBoxes(moov, 'trak')) {
    const trackId = findBox(trak, 'tkhd')?.trackId ?? 0;
    const stsd = findBox(findBox(findBox(findBox(trak, 'mdia'), 'minf'), 'stbl'), 'stsd');
    for (const entry of stsd?.children ?? []) {
      if (!('children' in entry)) continue;
      const sinf = (entry.children as readonly Box[]).find((c) => c.type === 'sinf') as ContainerBox | undefined;
      if (sinf === undefined) continue;
      const schm = findBox(sinf, 'schm');
      const tenc = findBox(findBox(sinf, 'schi'), 'tenc') as TencBox | undefined;
      if (tenc === undefined) continue;
      const scheme = (schm?.schemeType ?? 'cenc') as TrackProtection['scheme'];
      protection.set(trackId, {
        trackId, scheme, kid: tenc.defaultKid, isProtected: tenc.defaultIsProtected === 1,
        perSampleIvSize: tenc.defaultPerSampleIvSize,
        ...(tenc.defaultConstantIv ? { constantIv: tenc.defaultConstantIv } : {}),
        ...(tenc.version > 0 ? { pattern: { crypt: tenc.defaultCryptByteBlock, skip: tenc.defaultSkipByteBlock } } : {}),
      });
    }
  }
  return { protection, defaults };
}
