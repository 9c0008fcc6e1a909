import { TRUN_FLAGS, writeBoxes } from '@ott/core';
import type { Box, ContainerBox } from '@ott/core';
import { cryptSample } from '../cenc/cryptSample.js';
import { PIFF_SENC_UUID, readSampleEncryption } from '../cenc/readSampleEncryption.js';
import type { TrackDefaults, TrackProtection } from '../cenc/readTrackProtection.js';
import { trafSamples } from '../cenc/trafSamples.js';
import type { KeyRing } from '../keys/ContentKey.js';
import { drmError } from '../keys/drmError.js';
import { toHex } from '../keys/hex.js';

const FRAGMENT_PROTECTION = new Set(['senc', 'saiz', 'saio', 'sbgp', 'sgpd', 'pssh']);

/** Protection of the tracks of a movie, as read from its `moov`. */
export interface MovieProtection {
  readonly protection: ReadonlyMap<number, TrackProtection>;
  readonly defaults: ReadonlyMap<number, TrackDefaults>;
}

/**
 * Decrypts, in place, the protected samples of one `moof` whose data lies in `window` (the bytes from absolute offset
 * `windowStart` on: the boxes after the `moof`, up to the end of its `mdat`). Returns how many samples it decrypted.
 */
export function decryptMoof(moof: ContainerBox, moofStart: number, window: Uint8Array, windowStart: number, movie: MovieProtection, keys: KeyRing): number {
  let decrypted = 0;
  for (const traf of moof.children.filter((b): b is ContainerBox => b.type === 'traf')) {
    const { trackId, samples } = trafSamples(traf, moofStart, movie.defaults.get(trafTrackId(traf)));
    const track = movie.protection.get(trackId);
    if (track === undefined) continue;
    const info = readSampleEncryption(traf, samples.length, track);
    samples.forEach((range, i) => {
      const s = info[i];
      if (s === undefined || !s.isProtected) return;
      const at = range.offset - windowStart;
      if (at < 0 || at + range.size > window.byteLength) {
        throw drmError('DRM_DECRYPT_FAILED', `Sample ${i} of track ${trackId} (offset ${range.offset}, ${range.size} bytes) lies outside its fragment's mdat; the file is truncated or its data offsets are corrupt.`);
      }
      // ISO/IEC 23001-7 §7.2.2: the subsample map covers the sample; a map that runs past it is corrupt input.
      let mapped = 0;
      for (const sub of s.subsamples ?? []) mapped += sub.clearBytes + sub.protectedBytes;
      if (mapped > range.size) {
        throw drmError('DRM_DECRYPT_FAILED', `Sample ${i} of track ${trackId} has ${range.size} bytes, but its subsample map covers ${mapped}; the senc box is corrupt.`);
      }
      if (track.scheme === 'cens' || track.scheme === 'cbc1') {
        throw drmError('DRM_UNSUPPORTED', `Scheme '${track.scheme}' is not supported; cenc and cbcs are.`);
      }
      cryptSample(
        { scheme: track.scheme === 'cbcs' ? 'cbcs' : 'cenc', direction: 'decrypt', key: keys.get(s.kid), ...(s.pattern ? { pattern: s.pattern } : {}) },
        s.iv, window.subarray(at, at + range.size), s.subsamples,
      );
      decrypted += 1;
    });
  }
  return decrypted;
}

function trafTrackId(traf: ContainerBox): number {
  const tfhd = traf.children.find((b) => b.type === 'tfhd');
  return tfhd !== undefined && 'trackId' in tfhd ? tfhd.trackId : 0;
}

/** The `moof` without its protection boxes, `trun` data offsets moved by the size it lost. */
export function clearMoof(moof: ContainerBox, oldSize: number): Uint8Array {
  const strip = (m: ContainerBox, delta: number): Box => ({
    ...m,
    children: m.children.filter((b) => b.type !== 'pssh').map((b) => {
      if (b.type !== 'traf' || !('children' in b)) return b;
      return {
        ...b,
        children: b.children
          .filter((x) => !FRAGMENT_PROTECTION.has(x.type) && !(x.type === 'uuid' && 'data' in x && toHex(x.data.subarray(0, 16)) === PIFF_SENC_UUID))
          .map((x) => (x.type === 'trun' && 'sampleCount' in x && (x.flags & TRUN_FLAGS.dataOffset) !== 0 ? { ...x, dataOffset: (x.dataOffset ?? 0) + delta } : x)),
      } as Box;
    }),
  } as Box);
  const newSize = writeBoxes([strip(moof, 0)]).byteLength;
  return writeBoxes([strip(moof, newSize - oldSize)]);
}

/** The `moov` with its sample entries back to their `frma` format and no `sinf`/`pssh`. */
export function clearMoov(moov: ContainerBox): Box {
  const walk = (box: Box): Box => {
    if (!('children' in box)) return box;
    if (box.type === 'encv' || box.type === 'enca') {
      const sinf = box.children.find((c) => c.type === 'sinf');
      const frma = sinf !== undefined && 'children' in sinf ? sinf.children.find((c) => c.type === 'frma') : undefined;
      const format = frma !== undefined && 'dataFormat' in frma ? frma.dataFormat : undefined;
      if (format === undefined) throw drmError('DRM_DECRYPT_FAILED', `Sample entry '${box.type}' has no sinf/frma, so its original format is unknown.`);
      return { ...box, type: format, children: box.children.filter((c) => c.type !== 'sinf') } as Box;
    }
    return { ...box, children: box.children.filter((c) => c.type !== 'pssh').map(walk) } as Box;
  };
  return walk(moov);
}
