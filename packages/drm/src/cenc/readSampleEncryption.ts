import { SENC_USE_SUBSAMPLES, findBox, readSencEntries } from '@ott/core';
import type { Box, ContainerBox, SencEntry } from '@ott/core';
import { toHex } from '../keys/hex.js';
import type { TrackProtection } from './readTrackProtection.js';

/** PIFF 1.3 sample encryption `uuid` (the pre-`senc` signalling), a2394f52-5a9b-4f14-a244-6c427c648df4. */
export const PIFF_SENC_UUID = 'a2394f525a9b4f14a2446c427c648df4';

/** How one sample of a fragment is protected. */
export interface SampleProtection {
  readonly isProtected: boolean;
  readonly kid: Uint8Array;
  readonly iv: Uint8Array;
  readonly pattern?: { readonly crypt: number; readonly skip: number };
  readonly subsamples?: SencEntry['subsamples'];
}

interface SeigEntry { readonly isProtected: boolean; readonly ivSize: number; readonly kid: Uint8Array; readonly constantIv?: Uint8Array; readonly crypt: number; readonly skip: number }

/**
 * Per-sample protection of a `traf`: `senc` (or PIFF `uuid` senc) entries decoded with the IV size of the track's
 * `tenc`, overridden by a fragment-local `seig` sample group (clear lead, key rotation).
 */
export function readSampleEncryption(traf: ContainerBox, sampleCount: number, track: TrackProtection): SampleProtection[] {
  const groups = seigGroups(traf, sampleCount);
  let ivSize = track.perSampleIvSize;
  for (const g of groups) if (g !== undefined && g.isProtected) ivSize = g.ivSize;
  let entries: SencEntry[] = [];
  const senc = findBox(traf, 'senc');
  if (senc !== undefined) {
    entries = readSencEntries(senc.entries, senc.sampleCount, ivSize, (senc.flags & SENC_USE_SUBSAMPLES) !== 0);
  } else {
    const piff = traf.children.find((b: Box) => b.type === 'uuid' && 'data' in b && toHex(b.data.subarray(0, 16)) === PIFF_SENC_UUID);
    if (piff !== undefined && 'data' in piff) {
      const d = piff.data;
      const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
      const flags = v.getUint32(16) & 0xffffff;
      let p = 20;
      if ((flags & 1) !== 0) {
        ivSize = d[p + 3] ?? ivSize;
        p += 20;
      }
      const count = v.getUint32(p);
      entries = readSencEntries(d.subarray(p + 4), count, ivSize, (flags & SENC_USE_SUBSAMPLES) !== 0);
    }
  }
  const out: SampleProtection[] = [];
  for (let i = 0; i < sampleCount; i++) {
    const g = groups[i];
    const entry = entries[i];
    const isProtected = g === undefined ? track.isProtected : g.isProtected;
    const constantIv = g?.constantIv ?? track.constantIv;
    const iv = entry !== undefined && entry.iv.byteLength > 0 ? entry.iv : constantIv ?? new Uint8Array(16);
    const pattern = g !== undefined && (g.crypt > 0 || g.skip > 0) ? { crypt: g.crypt, skip: g.skip } : track.pattern;
    out.push({
      isProtected, kid: g?.kid ?? track.kid, iv,
      ...(pattern ? { pattern } : {}),
      ...(entry?.subsamples ? { subsamples: entry.subsamples } : {}),
    });
  }
  return out;
}

function seigGroups(traf: ContainerBox, sampleCount: number): (SeigEntry | undefined)[] {
  const out: (SeigEntry | undefined)[] = new Array<SeigEntry | undefined>(sampleCount).fill(undefined);
  const sgpd = traf.children.find((b) => b.type === 'sgpd' && 'data' in b && fourcc(b.data, 4) === 'seig');
  const sbgp = traf.children.find((b) => b.type === 'sbgp' && 'data' in b && fourcc(b.data, 4) === 'seig');
  if (sgpd === undefined || sbgp === undefined || !('data' in sgpd) || !('data' in sbgp)) return out;
  const d = sgpd.data;
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const version = d[0] ?? 0;
  let p = 8;
  const defaultLength = version === 1 ? v.getUint32(p) : 0;
  if (version === 1) p += 4;
  if (version >= 2) p += 4;
  const count = v.getUint32(p);
  p += 4;
  const entries: SeigEntry[] = [];
  for (let i = 0; i < count && p + 20 <= d.byteLength; i++) {
    let length = defaultLength;
    if (version === 1 && defaultLength === 0) { length = v.getUint32(p); p += 4; }
    const isProtected = d[p + 2] === 1;
    const ivSize = d[p + 3] ?? 0;
    const kid = d.subarray(p + 4, p + 20);
    const constantIv = isProtected && ivSize === 0 ? d.subarray(p + 21, p + 21 + (d[p + 20] ?? 0)) : undefined;
    entries.push({ isProtected, ivSize, kid, crypt: (d[p + 1] ?? 0) >> 4, skip: (d[p + 1] ?? 0) & 0x0f, ...(constantIv ? { constantIv } : {}) });
    p += length > 0 ? length : 20 + (constantIv ? 1 + constantIv.byteLength : 0);
  }
  const s = sbgp.data;
  const w = new DataView(s.buffer, s.byteOffset, s.byteLength);
  let q = (s[0] ?? 0) === 1 ? 12 : 8;
  const runs = w.getUint32(q);
  q += 4;
  let sample = 0;
  for (let i = 0; i < runs && q + 8 <= s.byteLength; i++, q += 8) {
    const n = w.getUint32(q);
    const index = w.getUint32(q + 4);
    const entry = index > 0x10000 ? entries[index - 0x10001] : undefined;
    for (let j = 0; j < n && sample < sampleCount; j++) out[sample++] = entry;
  }
  return out;
}

function fourcc(d: Uint8Array, at: number): string {
  return String.fromCharCode(d[at] ?? 0, d[at + 1] ?? 0, d[at + 2] ?? 0, d[at + 3] ?? 0);
}
