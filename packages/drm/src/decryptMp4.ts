import { Cursor, TRUN_FLAGS, readBoxHeader, readBoxes, writeBoxes } from '@ott/core';
import type { Box, ContainerBox } from '@ott/core';
import { cryptSample } from './cenc/cryptSample.js';
import { PIFF_SENC_UUID, readSampleEncryption } from './cenc/readSampleEncryption.js';
import { readTrackProtection } from './cenc/readTrackProtection.js';
import type { TrackDefaults, TrackProtection } from './cenc/readTrackProtection.js';
import { trafSamples } from './cenc/trafSamples.js';
import type { KeyRing } from './keys/ContentKey.js';
import { drmError } from './keys/drmError.js';
import { toHex } from './keys/hex.js';

const FRAGMENT_PROTECTION = new Set(['senc', 'saiz', 'saio', 'sbgp', 'sgpd', 'pssh']);
/** Boxes that may stand at the top level of an MP4 file or a CMAF segment (ISO/IEC 14496-12 §4.2, 23000-19). */
const TOP_LEVEL = new Set(['ftyp', 'styp', 'moov', 'moof', 'mdat', 'sidx', 'ssix', 'emsg', 'prft', 'free', 'skip', 'uuid', 'meta', 'mfra', 'pdin', 'udta', 'wide']);

/** What {@link decryptMp4Report} did. */
export interface DecryptReport {
  /** The clear MP4. */
  readonly bytes: Uint8Array;
  /** Samples decrypted (0: the input had no encrypted sample and was copied with its protection boxes removed). */
  readonly decryptedSamples: number;
  /** Fragments (`moof`) read. */
  readonly fragments: number;
}

/**
 * Decrypts a Common Encryption MP4 (`cenc`, `cbcs`; `senc` or PIFF `uuid` signalling): an init segment followed by
 * fragments (e.g. `cat init.mp4 seg-*.m4s`), or a fragmented file. Sample entries go back to their `frma` format,
 * `sinf`/`pssh`/`senc`/`saiz`/`saio`/`seig` groups are removed, `trun` data offsets are moved by the `moof` size change,
 * and `sidx` is dropped (its sizes no longer hold). Returns a new buffer; the input is not changed.
 *
 * @throws OttError `DRM_KEY_NOT_FOUND` when a key id has no key; `DRM_DECRYPT_FAILED` on malformed input.
 */
export function decryptMp4(input: Uint8Array, keys: KeyRing): Uint8Array {
  return decryptMp4Report(input, keys).bytes;
}

/**
 * {@link decryptMp4}, also saying how many samples it decrypted. Input that is not a whole MP4 (no `moov` or `moof`,
 * a first box that cannot start a file, a box that runs past the end, bytes after the last box) is refused with
 * `DRM_DECRYPT_FAILED`: nothing is dropped silently.
 */
export function decryptMp4Report(input: Uint8Array, keys: KeyRing): DecryptReport {
  const first = input.byteLength >= 8 ? String.fromCharCode(...input.subarray(4, 8)) : '';
  if (!TOP_LEVEL.has(first)) {
    throw drmError('DRM_DECRYPT_FAILED', `The input is not an MP4 file or CMAF segment: ${input.byteLength < 8 ? `only ${input.byteLength} bytes` : `it starts with a '${first.replace(/[^\x20-\x7e]/g, '?')}' box`}. Pass an encrypted MP4 (or init.mp4 followed by its segments).`);
  }
  const work = Uint8Array.from(input);
  const counter = { samples: 0, fragments: 0 };
  let sawMoov = false;
  const parts: Uint8Array[] = [];
  let protection = new Map<number, TrackProtection>();
  let defaults = new Map<number, TrackDefaults>();
  const c = new Cursor(input);
  while (c.remaining >= 8) {
    const h = readBoxHeader(c);
    const end = h.start + h.size;
    if (end > input.byteLength) {
      throw drmError('DRM_DECRYPT_FAILED', `The '${h.type}' box at byte ${h.start} declares ${h.size} bytes, but only ${input.byteLength - h.start} remain: the input is truncated.`);
    }
    const bytes = input.subarray(h.start, end);
    if (h.type === 'moov') {
      sawMoov = true;
      const [moov] = readBoxes(bytes) as ContainerBox[];
      if (moov === undefined) throw drmError('DRM_DECRYPT_FAILED', 'Unreadable moov.');
      ({ protection, defaults } = readTrackProtection(moov));
      parts.push(writeBoxes([clearMoov(moov)]));
    } else if (h.type === 'moof') {
      const [moof] = readBoxes(bytes) as ContainerBox[];
      if (moof === undefined) throw drmError('DRM_DECRYPT_FAILED', 'Unreadable moof.');
      counter.samples += decryptMoof(moof, h.start, work, protection, defaults, keys);
      counter.fragments += 1;
      parts.push(clearMoof(moof, h.size));
    } else if (h.type === 'sidx') {
      // Dropped: the referenced sizes change with the moof.
    } else {
      parts.push(work.subarray(h.start, end));
    }
    c.pos = end;
  }
  if (c.remaining > 0) {
    throw drmError('DRM_DECRYPT_FAILED', `${c.remaining} bytes after the last box at the end of the input are no box: the input is truncated or not an MP4.`);
  }
  if (!sawMoov && counter.fragments === 0) {
    throw drmError('DRM_DECRYPT_FAILED', 'The input has neither a moov nor a moof box: there is nothing to decrypt. Pass an encrypted MP4 (or init.mp4 followed by its segments).');
  }
  let size = 0;
  for (const p of parts) size += p.byteLength;
  const out = new Uint8Array(size);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.byteLength;
  }
  return { bytes: out, decryptedSamples: counter.samples, fragments: counter.fragments };
}

/** Decrypts the protected samples of one `moof` in `work`; returns how many it decrypted. */
function decryptMoof(moof: ContainerBox, moofStart: number, work: Uint8Array, protection: Map<number, TrackProtection>, defaults: Map<number, TrackDefaults>, keys: KeyRing): number {
  let decrypted = 0;
  for (const traf of moof.children.filter((b): b is ContainerBox => b.type === 'traf')) {
    const { trackId, samples } = trafSamples(traf, moofStart, defaults.get(trafTrackId(traf)));
    const track = protection.get(trackId);
    if (track === undefined) continue;
    const info = readSampleEncryption(traf, samples.length, track);
    samples.forEach((range, i) => {
      const s = info[i];
      if (s === undefined || !s.isProtected) return;
      if (range.offset + range.size > work.byteLength) {
        throw drmError('DRM_DECRYPT_FAILED', `Sample ${i} of track ${trackId} lies beyond the end of the input (offset ${range.offset}); the file is truncated.`);
      }
      // ISO/IEC 23001-7 §7.2.2: the subsample map covers the sample; a map that runs past it is corrupt input.
      let mapped = 0;
      for (const sub of s.subsamples ?? []) mapped += sub.clearBytes + sub.protectedBytes;
      if (mapped > range.size) {
        throw drmError('DRM_DECRYPT_FAILED', `Sample ${i} of track ${trackId} has ${range.size} bytes, but its subsample map covers ${mapped}; the senc box is corrupt.`);
      }
      const scheme = track.scheme === 'cbcs' || track.scheme === 'cbc1' ? 'cbcs' : 'cenc';
      if (track.scheme === 'cens' || track.scheme === 'cbc1') {
        throw drmError('DRM_UNSUPPORTED', `Scheme '${track.scheme}' is not supported; cenc and cbcs are.`);
      }
      cryptSample(
        { scheme, direction: 'decrypt', key: keys.get(s.kid), ...(s.pattern ? { pattern: s.pattern } : {}) },
        s.iv, work.subarray(range.offset, range.offset + range.size), s.subsamples,
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

function clearMoof(moof: ContainerBox, oldSize: number): Uint8Array {
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

function clearMoov(moov: ContainerBox): Box {
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
