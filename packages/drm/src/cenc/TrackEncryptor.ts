import { createCipheriv, randomBytes } from 'node:crypto';
import type { Cipheriv as Cipher, webcrypto as WebCrypto } from 'node:crypto';
import type { CmafSample, SencEntry, Subsample } from '@ott/core';
import type { ContentKey } from '../keys/ContentKey.js';
import type { Pattern } from './cryptSample.js';
import { CbcStream, cbcsEncryptSample, ctrEncryptContinuous, ctrEncryptSamples, importCtrKey, protectedBytesOf } from './fastEncrypt.js';
import type { SampleJob } from './fastEncrypt.js';
import { nalSubsamples } from './nalSubsamples.js';
import type { ProtectedTrack } from './protectInit.js';

/** How one track is encrypted. */
export interface TrackEncryption {
  readonly scheme: 'cenc' | 'cbcs';
  readonly key: ContentKey;
  /** cenc: 8-byte base IV (incremented per sample) or 16-byte first counter block; cbcs: the 16-byte constant IV or the per-sample base. */
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

/**
 * A fresh random 16-byte IV. For cenc it is the first counter block of the track's one continuous keystream (see
 * `TrackEncryptor.nextIv`), which lets a whole segment be encrypted with one cipher call.
 */
export function randomIv(): Uint8Array {
  return Uint8Array.from(randomBytes(16));
}

/**
 * Encrypts the samples of one track, fragment after fragment, in place. Per-sample IVs are the base IV plus a sample
 * counter (as a big-endian integer), so two samples of a track never share a counter block (cenc) or IV; a 16-byte
 * cenc IV advances by the blocks the previous sample used, so counter ranges never overlap either. cenc batches the small
 * samples of a fragment into one AES call ({@link ctrEncryptSamples}); cbcs runs every chain through one CBC stream per key
 * ({@link CbcStream}), so no cipher object is created per sample.
 */
export class TrackEncryptor {
  private readonly iv: Uint8Array;
  private readonly ecb = new Map<string, Cipher>();
  private readonly cbc = new Map<string, CbcStream>();
  private readonly ctrKeys = new Map<string, Promise<WebCrypto.CryptoKey>>();

  constructor(private readonly track: ProtectedTrack, private readonly e: TrackEncryption) {
    this.iv = Uint8Array.from(e.iv);
  }

  /** Whether `senc` entries carry subsample maps. */
  get useSubsamples(): boolean {
    return this.track.nal !== undefined;
  }

  /**
   * Encrypts `data` (the samples back to back) in place and returns the `senc` entries. `key` replaces the track's key
   * for this fragment (key rotation); the IV sequence runs on across keys. cenc with 16-byte IVs (one keystream call
   * per segment) runs the cipher on Node's thread pool and returns a promise; the IVs and subsample maps are settled
   * before it returns, so the next fragment can be started meanwhile.
   */
  encrypt(samples: readonly CmafSample[], data: Uint8Array, key?: Uint8Array): Promise<SencEntry[]> | SencEntry[] {
    const k = key ?? this.e.key.key;
    const { entries, jobs } = this.plan(samples, data);
    if (this.e.scheme === 'cenc' && this.iv.byteLength === 16) return ctrEncryptContinuous(this.ctrKeyFor(k), data, jobs).then(() => entries);
    if (this.e.scheme === 'cenc') ctrEncryptSamples(this.ecbFor(k), k, data, jobs);
    else {
      const stream = this.cbcFor(k);
      for (const job of jobs) cbcsEncryptSample(stream, data, job, this.e.pattern);
    }
    return entries;
  }

  private plan(samples: readonly CmafSample[], data: Uint8Array): { entries: SencEntry[]; jobs: SampleJob[] } {
    const entries: SencEntry[] = [];
    const jobs: SampleJob[] = [];
    const { nal } = this.track;
    const constant = this.e.scheme === 'cbcs' && this.e.constantIv;
    let p = 0;
    for (const s of samples) {
      let subsamples: Subsample[] | undefined;
      if (nal !== undefined) {
        subsamples = nalSubsamples(data.subarray(p, p + s.size), {
          codec: nal.codec, lengthSize: nal.lengthSize, blockAlign: this.e.scheme === 'cenc',
          ...(this.e.sliceHeaderBytes === undefined ? {} : { sliceHeaderBytes: this.e.sliceHeaderBytes }),
        });
      }
      const job = { offset: p, size: s.size, ...(subsamples ? { subsamples } : {}) };
      const iv = constant ? this.e.iv : this.nextIv(job);
      jobs.push({ ...job, iv });
      entries.push({ iv: constant ? new Uint8Array(0) : iv, ...(subsamples ? { subsamples } : {}) });
      p += s.size;
    }
    return { entries, jobs };
  }

  private ctrKeyFor(key: Uint8Array): Promise<WebCrypto.CryptoKey> {
    const id = Buffer.from(key).toString('hex');
    let cryptoKey = this.ctrKeys.get(id);
    if (cryptoKey === undefined) {
      cryptoKey = importCtrKey(key);
      this.ctrKeys.set(id, cryptoKey);
    }
    return cryptoKey;
  }

  private ecbFor(key: Uint8Array): Cipher {
    const id = Buffer.from(key).toString('hex');
    let cipher = this.ecb.get(id);
    if (cipher === undefined) {
      cipher = createCipheriv('aes-128-ecb', key, null);
      cipher.setAutoPadding(false);
      this.ecb.set(id, cipher);
    }
    return cipher;
  }

  private cbcFor(key: Uint8Array): CbcStream {
    const id = Buffer.from(key).toString('hex');
    let stream = this.cbc.get(id);
    if (stream === undefined) {
      stream = new CbcStream(key);
      this.cbc.set(id, stream);
    }
    return stream;
  }

  /**
   * This sample's IV, then advances: by one for 8-byte IVs (the sample counter is the high half of the counter block)
   * and cbcs, by the sample's protected blocks for 16-byte cenc IVs (the IV is the whole first counter block).
   */
  private nextIv(job: Pick<SampleJob, 'size' | 'subsamples'>): Uint8Array {
    const current = Uint8Array.from(this.iv);
    const step = this.e.scheme === 'cenc' && this.iv.byteLength === 16 ? Math.ceil(protectedBytesOf(job) / 16) : 1;
    addBigEndian(this.iv, step);
    return current;
  }
}

/** Adds `n` (< 2^32) to a big-endian unsigned integer in place, wrapping around. */
function addBigEndian(bytes: Uint8Array, n: number): void {
  let carry = n;
  for (let i = bytes.byteLength - 1; i >= 0 && carry > 0; i--) {
    const sum = (bytes[i] as number) + (carry % 256);
    bytes[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum > 0xff ? 1 : 0);
  }
}
