import type { CmafSample } from '../../types/cmaf.js';
import { isobmffError } from '../cursor/isobmffError.js';

/** Input of {@link writeCmafFragmentHeader}. */
export interface CmafFragmentHeaderInput {
  readonly sequenceNumber: number;
  readonly trackId: number;
  readonly baseMediaDecodeTime: number;
  readonly samples: readonly CmafSample[];
}

// sample_flags (ISO/IEC 14496-12 §8.8.3.1): sync = depends_on 2 (no other); non-sync = depends_on 1 + is_non_sync.
const SYNC_FLAGS = 0x02000000;
const NON_SYNC_FLAGS = 0x01010000;
// trun: data-offset | duration | size | flags | composition offset present.
const TRUN_FLAGS = 0x000f01;
const TWO_32 = 4294967296;

/**
 * Writes `moof` (mfhd; traf with tfhd default-base-is-moof, tfdt v1, trun v1 with all per-sample fields) followed by
 * the `mdat` header for the samples' total size. Append the sample bytes right after it. One allocation, one pass.
 *
 * @example
 * ```ts
 * declare const samples: readonly CmafSample[], sampleBytes: Uint8Array, file: import('node:fs/promises').FileHandle;
 * const header = writeCmafFragmentHeader({ sequenceNumber: 1, trackId: 1, baseMediaDecodeTime: 0, samples });
 * await file.write(header); await file.write(sampleBytes);
 * ```
 */
export function writeCmafFragmentHeader(input: CmafFragmentHeaderInput): Uint8Array {
  const { samples } = input;
  const n = samples.length;
  if (!Number.isSafeInteger(input.baseMediaDecodeTime) || input.baseMediaDecodeTime < 0) {
    throw isobmffError('ISOBMFF_TOO_LARGE', `baseMediaDecodeTime must be a non-negative safe integer, got ${input.baseMediaDecodeTime}.`);
  }
  let dataSize = 0;
  for (let i = 0; i < n; i++) dataSize += (samples[i] as CmafSample).size;
  const trunSize = 20 + 16 * n;
  const trafSize = 8 + 16 + 20 + trunSize;
  const moofSize = 8 + 16 + trafSize;
  const largeMdat = dataSize + 8 > 0xffffffff;
  const mdatHeader = largeMdat ? 16 : 8;
  const out = new Uint8Array(moofSize + mdatHeader);
  const v = new DataView(out.buffer);
  let p = 0;
  const box = (size: number, a: number, b: number, c: number, d: number): void => {
    v.setUint32(p, size);
    v.setUint32(p + 4, ((a << 24) | (b << 16) | (c << 8) | d) >>> 0);
    p += 8;
  };
  box(moofSize, 0x6d, 0x6f, 0x6f, 0x66); // moof
  box(16, 0x6d, 0x66, 0x68, 0x64); // mfhd
  v.setUint32(p, 0);
  v.setUint32(p + 4, input.sequenceNumber);
  p += 8;
  box(trafSize, 0x74, 0x72, 0x61, 0x66); // traf
  box(16, 0x74, 0x66, 0x68, 0x64); // tfhd
  v.setUint32(p, 0x020000); // default-base-is-moof
  v.setUint32(p + 4, input.trackId);
  p += 8;
  box(20, 0x74, 0x66, 0x64, 0x74); // tfdt
  v.setUint32(p, 0x01000000);
  v.setUint32(p + 4, Math.floor(input.baseMediaDecodeTime / TWO_32));
  v.setUint32(p + 8, input.baseMediaDecodeTime % TWO_32);
  p += 12;
  box(trunSize, 0x74, 0x72, 0x75, 0x6e); // trun
  v.setUint32(p, 0x01000000 | TRUN_FLAGS);
  v.setUint32(p + 4, n);
  v.setInt32(p + 8, moofSize + mdatHeader);
  p += 12;
  for (let i = 0; i < n; i++) {
    const s = samples[i] as CmafSample;
    v.setUint32(p, s.duration);
    v.setUint32(p + 4, s.size);
    v.setUint32(p + 8, s.isSync ? SYNC_FLAGS : NON_SYNC_FLAGS);
    v.setInt32(p + 12, s.compositionTimeOffset);
    p += 16;
  }
  if (largeMdat) {
    v.setUint32(p, 1);
    v.setUint32(p + 4, 0x6d646174);
    v.setUint32(p + 8, Math.floor((dataSize + 16) / TWO_32));
    v.setUint32(p + 12, (dataSize + 16) % TWO_32);
  } else {
    v.setUint32(p, dataSize + 8);
    v.setUint32(p + 4, 0x6d646174); // mdat
  }
  return out;
}
