import { randomBytes } from 'node:crypto';
import type { CmafSample, SencEntry, Subsample } from '@ott/core';
import type { ContentKey } from '../keys/ContentKey.js';
import { cryptSample } from './cryptSample.js';
import type { Pattern, SampleCipher } from './cryptSample.js';
import { nalSubsamples } from './nalSubsamples.js';
import type { ProtectedTrack } from './protectInit.js';

/** How one track is encrypted. */
export interface TrackEncryption {
  readonly scheme: 'cenc' | 'cbcs';
  readonly key: ContentKey;
  /** cenc: 8-byte base IV (incremented per sample); cbcs: the 16-byte constant IV or the per-sample base. */
  readonly iv: Uint8Array;
  /** cbcs only: one IV for all samples, signalled in `tenc` (default for cbcs). */
  readonly constantIv: boolean;
  readonly pattern?: Pattern;
  /** Bytes of each slice NAL kept clear after its header (see {@link nalSubsamples}). */
  readonly sliceHeaderBytes?: number;
}

/** The per-sample IV size and constant IV `tenc` must announce for an encryption. */
export function ivLayout(e: TrackEncryption): { perSampleIvSize: number; constantIv?: Uint8Array } {
  if (e.scheme === 'cbcs' && e.constantIv) return { perSampleIvSize: 0, constantIv: e.iv };
  return { perSampleIvSize: e.iv.byteLength };
}

/** A fresh random IV for a scheme: 8 bytes for cenc, 16 for cbcs. */
export function randomIv(scheme: 'cenc' | 'cbcs'): Uint8Array {
  return Uint8Array.from(randomBytes(scheme === 'cenc' ? 8 : 16));
}

/**
 * Encrypts the samples of one track, fragment after fragment, in place. Per-sample IVs are the base IV plus a sample
 * counter (as a big-endian integer), so two samples of a track never share a counter block (cenc) or IV.
 */
export class TrackEncryptor {
  private counter = 0n;
  private readonly cipher: SampleCipher;
  private readonly base: bigint;

  constructor(private readonly track: ProtectedTrack, private readonly e: TrackEncryption) {
    this.cipher = { scheme: e.scheme, direction: 'encrypt', key: e.key.key, ...(e.pattern ? { pattern: e.pattern } : {}) };
    this.base = BigInt(`0x${Buffer.from(e.iv).toString('hex')}`);
  }

  /** Whether `senc` entries carry subsample maps. */
  get useSubsamples(): boolean {
    return this.track.nal !== undefined;
  }

  /** Encrypts `data` (the samples back to back) in place and returns the `senc` entries. */
  encrypt(samples: readonly CmafSample[], data: Uint8Array): SencEntry[] {
    const entries: SencEntry[] = [];
    const { nal } = this.track;
    const constant = this.e.scheme === 'cbcs' && this.e.constantIv;
    let p = 0;
    for (const s of samples) {
      const sample = data.subarray(p, p + s.size);
      p += s.size;
      const iv = constant ? this.e.iv : this.nextIv();
      let subsamples: Subsample[] | undefined;
      if (nal !== undefined) {
        subsamples = nalSubsamples(sample, {
          codec: nal.codec, lengthSize: nal.lengthSize, blockAlign: this.e.scheme === 'cenc',
          ...(this.e.sliceHeaderBytes === undefined ? {} : { sliceHeaderBytes: this.e.sliceHeaderBytes }),
        });
      }
      cryptSample(this.cipher, iv, sample, subsamples);
      entries.push({ iv: constant ? new Uint8Array(0) : iv, ...(subsamples ? { subsamples } : {}) });
    }
    return entries;
  }

  private nextIv(): Uint8Array {
    const size = this.e.iv.byteLength;
    const mod = 1n << BigInt(size * 8);
    const value = (this.base + this.counter) % mod;
    this.counter += 1n;
    return Uint8Array.from(Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex'));
  }
}
