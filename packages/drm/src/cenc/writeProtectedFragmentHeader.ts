import { SENC_USE_SUBSAMPLES, sencEntrySize, writeBox, writeBoxes, writeSencEntries } from '@ott/core';
import type { Box, CmafSample, SencEntry } from '@ott/core';

/** Input of {@link writeProtectedFragmentHeader}. */
export interface ProtectedFragmentInput {
  readonly sequenceNumber: number;
  readonly trackId: number;
  readonly baseMediaDecodeTime: number;
  readonly samples: readonly CmafSample[];
  /** One entry per sample; absent for a clear (clear-lead) fragment. */
  readonly entries?: readonly SencEntry[];
  readonly useSubsamples: boolean;
  /**
   * A `seig` sample group for all samples (ISO/IEC 23001-7 §6): used to mark a clear-lead fragment as not protected,
   * or to switch the key id (key rotation).
   */
  readonly seig?: { readonly isProtected: boolean; readonly kid: Uint8Array; readonly perSampleIvSize: number; readonly constantIv?: Uint8Array; readonly crypt?: number; readonly skip?: number };
  /** Whole `pssh` boxes written in the `moof` after `mfhd` (key rotation: the key period's `pssh`, DASH-IF IOP §7.5.3). */
  readonly psshBoxes?: readonly Uint8Array[];
}

const SYNC_FLAGS = 0x02000000;
const NON_SYNC_FLAGS = 0x01010000;

/**
 * Writes `moof` + `mdat` header of an encrypted CMAF fragment: `traf` = `tfhd` (default-base-is-moof), `tfdt`, `trun`
 * (data offset to the first sample byte), `senc` (IVs + subsample maps), `saiz` and `saio` (offset of the first
 * `senc` entry, relative to the `moof` start since the base is the moof, ISO/IEC 14496-12 §8.8.7.1).
 */
export function writeProtectedFragmentHeader(input: ProtectedFragmentInput): Uint8Array {
  const { samples } = input;
  const n = samples.length;
  const durations = new Uint32Array(n);
  const sizes = new Uint32Array(n);
  const flags = new Uint32Array(n);
  const ctos = new Int32Array(n);
  let dataSize = 0;
  samples.forEach((s, i) => {
    durations[i] = s.duration;
    sizes[i] = s.size;
    flags[i] = s.isSync ? SYNC_FLAGS : NON_SYNC_FLAGS;
    ctos[i] = s.compositionTimeOffset;
    dataSize += s.size;
  });
  const tfhd: Box = { type: 'tfhd', version: 0, flags: 0x020000, trackId: input.trackId };
  const tfdt: Box = { type: 'tfdt', version: 1, flags: 0, baseMediaDecodeTime: input.baseMediaDecodeTime } as Box;
  const trun = (dataOffset: number): Box => ({
    type: 'trun', version: 1, flags: 0xf01, sampleCount: n, dataOffset, durations, sizes, sampleFlags: flags, compositionOffsets: ctos,
  });
  const protection: Box[] = [];
  let sencStartInTraf = -1;
  if (input.entries !== undefined) {
    const entries = input.entries;
    const sizesOf = entries.map(sencEntrySize);
    const uniform = sizesOf.every((s) => s === sizesOf[0]);
    protection.push({ type: 'senc', version: 0, flags: input.useSubsamples ? SENC_USE_SUBSAMPLES : 0, sampleCount: n, entries: writeSencEntries(entries) });
    // With a constant IV and no subsamples the entries are empty: like Shaka Packager, write `senc` alone (ffmpeg
    // refuses a cbcs subsample map with a 0:0 pattern, so audio must be full-sample).
    if (sizesOf.some((x) => x > 0)) protection.push(uniform
      ? { type: 'saiz', version: 0, flags: 0, defaultSampleInfoSize: sizesOf[0] ?? 0, sampleCount: n }
      : { type: 'saiz', version: 0, flags: 0, defaultSampleInfoSize: 0, sampleCount: n, sampleInfoSizes: Uint8Array.from(sizesOf) });
    sencStartInTraf = sizesOf.some((x) => x > 0) ? 0 : -1;
  }
  const groups: Box[] = input.seig === undefined ? [] : seigBoxes(input.seig, n);
  const before = [tfhd, tfdt, trun(0)];
  const headerBytes = (boxes: readonly Box[]): number => writeBoxes(boxes).byteLength;
  const pssh: Box[] = (input.psshBoxes ?? []).map((b) => ({ type: 'pssh', data: b.subarray(8) }));
  let psshBytes = 0;
  for (const b of input.psshBoxes ?? []) psshBytes += b.byteLength;
  // moof header 8 + mfhd 16 + pssh boxes + traf header 8 + boxes before senc; senc entries start 16 bytes into senc.
  const sencOffset = 8 + 16 + psshBytes + 8 + headerBytes(before) + 16;
  const traf = (dataOffset: number): Box => ({
    type: 'traf',
    children: [
      tfhd, tfdt, trun(dataOffset), ...protection,
      ...(sencStartInTraf === 0 ? [{ type: 'saio', version: 0, flags: 0, offsets: [sencOffset] } as Box] : []),
      ...groups,
    ],
  });
  const moof = (dataOffset: number): Box => ({
    type: 'moof', children: [{ type: 'mfhd', version: 0, flags: 0, sequenceNumber: input.sequenceNumber } as Box, ...pssh, traf(dataOffset)],
  });
  const moofSize = writeBox(moof(0)).byteLength;
  const large = dataSize + 8 > 0xffffffff;
  const mdatHeader = large ? 16 : 8;
  const moofBytes = writeBox(moof(moofSize + mdatHeader));
  const out = new Uint8Array(moofSize + mdatHeader);
  out.set(moofBytes);
  const v = new DataView(out.buffer);
  if (large) {
    v.setUint32(moofSize, 1);
    v.setUint32(moofSize + 4, 0x6d646174);
    v.setBigUint64(moofSize + 8, BigInt(dataSize + 16));
  } else {
    v.setUint32(moofSize, dataSize + 8);
    v.setUint32(moofSize + 4, 0x6d646174);
  }
  return out;
}

function seigBoxes(seig: NonNullable<ProtectedFragmentInput['seig']>, sampleCount: number): Box[] {
  const constant = seig.isProtected && seig.perSampleIvSize === 0 ? seig.constantIv ?? new Uint8Array(16) : undefined;
  const entryLength = 20 + (constant === undefined ? 0 : 1 + constant.byteLength);
  const sgpd = new Uint8Array(4 + 4 + 4 + 4 + entryLength);
  const v = new DataView(sgpd.buffer);
  v.setUint32(0, 0x01000000); // version 1, flags 0
  sgpd.set([0x73, 0x65, 0x69, 0x67], 4); // 'seig'
  v.setUint32(8, entryLength);
  v.setUint32(12, 1);
  sgpd[16] = 0;
  sgpd[17] = ((seig.crypt ?? 0) << 4) | (seig.skip ?? 0);
  sgpd[18] = seig.isProtected ? 1 : 0;
  sgpd[19] = seig.isProtected ? seig.perSampleIvSize : 0;
  sgpd.set(seig.kid, 20);
  if (constant !== undefined) {
    sgpd[36] = constant.byteLength;
    sgpd.set(constant, 37);
  }
  const sbgp = new Uint8Array(4 + 4 + 4 + 8);
  const w = new DataView(sbgp.buffer);
  w.setUint32(0, 0);
  sbgp.set([0x73, 0x65, 0x69, 0x67], 4);
  w.setUint32(8, 1);
  w.setUint32(12, sampleCount);
  w.setUint32(16, 0x10001); // fragment-local group description index 1 (§8.9.4)
  return [{ type: 'sbgp', data: sbgp }, { type: 'sgpd', data: sgpd }];
}
