import { createCipheriv, webcrypto } from 'node:crypto';
import type { Cipheriv as Cipher, webcrypto as WebCrypto } from 'node:crypto';
import type { Subsample } from '@ott/core';
import { cryptSample } from './cryptSample.js';
import type { Pattern } from './cryptSample.js';
import { cryptPatternBlocks } from './cryptPatternBlocks.js';

/** One sample to encrypt: where it lies in the segment buffer, its IV and its subsample map. */
export interface SampleJob {
  readonly offset: number;
  readonly size: number;
  /** 8 bytes (high half of the counter block) or 16 bytes (the whole first counter block / CBC IV). */
  readonly iv: Uint8Array;
  readonly subsamples?: readonly Subsample[];
}

// Scratch buffers reused across segments (the encryptor is synchronous, so one set per process is enough).
let gatherBuf: Uint8Array = new Uint8Array(1 << 20);
let counterBuf: Uint8Array = new Uint8Array(1 << 20);
function grow(buf: Uint8Array, size: number): Uint8Array {
  return buf.byteLength >= size ? buf : new Uint8Array(Math.max(size, buf.byteLength * 2));
}

/** Protected bytes of a sample (all of it without a subsample map, capped at the sample's end). */
export function protectedBytesOf(job: Pick<SampleJob, 'size' | 'subsamples'>): number {
  if (job.subsamples === undefined) return job.size;
  let total = 0;
  let p = 0;
  for (const s of job.subsamples) {
    p += s.clearBytes;
    total += Math.max(0, Math.min(s.protectedBytes, job.size - p));
    p += s.protectedBytes;
  }
  return total;
}

/** Samples with at least this many protected bytes get their own AES-CTR call (the per-call cost is amortised). */
export const CTR_BATCH_BELOW = 2048;

/**
 * `cenc` (AES-128-CTR, ISO/IEC 23001-7 §9.5) of all samples of a segment. Large samples get one AES-CTR cipher each
 * (OpenSSL's CTR is the fastest path for them). Small ones (audio frames, which made a cipher object and a result
 * buffer per sample the bottleneck) are batched: the counter blocks of all of them (8-byte IV ‖ block counter, or a
 * 16-byte IV + block counter) are encrypted with ONE AES-ECB call of the reusable `ecb` cipher, and the keystream is
 * XORed into each protected range in place. Same bytes as {@link cryptSample} per sample.
 */
export function ctrEncryptSamples(ecb: Cipher, key: Uint8Array, data: Uint8Array, jobs: readonly SampleJob[]): void {
  let total = 0;
  const sizes = new Int32Array(jobs.length);
  jobs.forEach((job, i) => {
    const bytes = protectedBytesOf(job);
    if (bytes >= CTR_BATCH_BELOW) ctrOne(key, data, job);
    else {
      sizes[i] = bytes;
      total += Math.ceil(bytes / 16) * 16;
    }
  });
  if (total === 0) return;
  counterBuf = grow(counterBuf, total);
  const counters = new DataView(counterBuf.buffer, counterBuf.byteOffset, total);
  let q = 0;
  jobs.forEach((job, i) => {
    const bytes = sizes[i] as number;
    if (bytes === 0) return;
    const blocks = Math.ceil(bytes / 16);
    writeCounters(counters, q, job.iv, blocks);
    q += blocks * 16;
  });
  const keystream = ecb.update(counterBuf.subarray(0, total));
  q = 0;
  for (let n = 0; n < jobs.length; n++) {
    const job = jobs[n] as SampleJob;
    const bytes = sizes[n] as number;
    if (bytes === 0) continue;
    const end = job.offset + job.size;
    let k = q;
    if (job.subsamples === undefined) {
      for (let i = job.offset; i < end; i++) data[i] = (data[i] as number) ^ (keystream[k++] as number);
    } else {
      let p = job.offset;
      for (const s of job.subsamples) {
        p += s.clearBytes;
        const stop = Math.min(p + s.protectedBytes, end);
        for (let i = p; i < stop; i++) data[i] = (data[i] as number) ^ (keystream[k++] as number);
        p += s.protectedBytes;
      }
    }
    q += Math.ceil(bytes / 16) * 16;
  }
}

const gatherFree: Uint8Array[] = [];

/** A WebCrypto AES-CTR key for {@link ctrEncryptContinuous} (import once per content key). */
export function importCtrKey(key: Uint8Array): Promise<WebCrypto.CryptoKey> {
  return webcrypto.subtle.importKey('raw', key, 'AES-CTR', false, ['encrypt']);
}

/**
 * `cenc` of all samples of a segment whose 16-byte IVs run on from one another (each sample's IV is the previous one
 * plus the blocks it used, as `TrackEncryptor` makes them): together they are ONE AES-CTR keystream, so the protected
 * bytes are gathered at block-aligned positions (a sample's last partial block is padded, as its counter block is not
 * reused), encrypted with one cipher call on Node's thread pool (WebCrypto AES-CTR, 128-bit counter) while the main
 * thread goes on, and scattered back. No cipher object or result buffer per sample. Same bytes as {@link cryptSample}
 * per sample.
 */
export async function ctrEncryptContinuous(key: Promise<WebCrypto.CryptoKey>, data: Uint8Array, jobs: readonly SampleJob[]): Promise<void> {
  const first = jobs[0];
  if (first === undefined) return;
  let total = 0;
  for (const job of jobs) total += Math.ceil(protectedBytesOf(job) / 16) * 16;
  if (total === 0) return;
  let gather = gatherFree.pop();
  if (gather === undefined || gather.byteLength < total) gather = new Uint8Array(Math.max(total, 1 << 20));
  const g = gather;
  try {
    forEachProtectedRange(jobs, (from, to, at) => g.set(data.subarray(from, to), at));
    const out = new Uint8Array(await webcrypto.subtle.encrypt({ name: 'AES-CTR', counter: first.iv, length: 128 }, await key, g.subarray(0, total)));
    forEachProtectedRange(jobs, (from, to, at) => data.set(out.subarray(at, at + to - from), from));
  } finally {
    if (gatherFree.length < 8) gatherFree.push(g);
  }
}

/** Calls `visit(from, to, at)` for each protected range of the samples, `at` being its place in the padded gather. */
function forEachProtectedRange(jobs: readonly SampleJob[], visit: (from: number, to: number, at: number) => void): void {
  let q = 0;
  for (const job of jobs) {
    const end = job.offset + job.size;
    const start = q;
    if (job.subsamples === undefined) {
      visit(job.offset, end, q);
      q += job.size;
    } else {
      let p = job.offset;
      for (const s of job.subsamples) {
        p += s.clearBytes;
        const stop = Math.min(p + s.protectedBytes, end);
        if (stop > p) {
          visit(p, stop, q);
          q += stop - p;
        }
        p += s.protectedBytes;
      }
    }
    q = start + Math.ceil((q - start) / 16) * 16;
  }
}

function ctrOne(key: Uint8Array, data: Uint8Array, job: SampleJob): void {
  cryptSample({ scheme: 'cenc', direction: 'encrypt', key }, job.iv, data.subarray(job.offset, job.offset + job.size), job.subsamples);
}

/** Counter blocks of one sample: 8-byte IV ‖ 64-bit block counter, or a 16-byte IV + counter (128-bit add). */
function writeCounters(view: DataView, at: number, iv: Uint8Array, blocks: number): void {
  const word = (at: number): number => (((iv[at] as number) << 24) | ((iv[at + 1] as number) << 16) | ((iv[at + 2] as number) << 8) | (iv[at + 3] as number)) >>> 0;
  const w0 = word(0);
  const w1 = word(4);
  const w2 = iv.byteLength === 16 ? word(8) : 0;
  const w3 = iv.byteLength === 16 ? word(12) : 0;
  for (let j = 0; j < blocks; j++) {
    const o = at + j * 16;
    let c3 = w3 + j;
    let carry = c3 > 0xffffffff ? 1 : 0;
    c3 >>>= 0;
    let c2 = w2 + carry;
    carry = c2 > 0xffffffff ? 1 : 0;
    c2 >>>= 0;
    let c1 = w1 + carry;
    carry = c1 > 0xffffffff ? 1 : 0;
    c1 >>>= 0;
    view.setUint32(o, (w0 + carry) >>> 0);
    view.setUint32(o + 4, c1);
    view.setUint32(o + 8, c2);
    view.setUint32(o + 12, c3);
  }
}

/**
 * One AES-128-CBC encryption stream for many `cbcs` chains: each chain (a protected range, restarting from its IV,
 * §9.6.2) goes through the same cipher object, its first block pre-XORed with `IV ⊕ previous ciphertext block`, so the
 * cipher's own chaining yields `E(P1 ⊕ IV)`. Same bytes as a new cipher per chain, without creating one per chain.
 */
export class CbcStream {
  private readonly cipher: Cipher;
  private readonly previous = new Uint8Array(16);

  constructor(key: Uint8Array) {
    this.cipher = createCipheriv('aes-128-cbc', key, this.previous);
    this.cipher.setAutoPadding(false);
  }

  /** Encrypts the whole blocks of one chain (a multiple of 16 bytes) starting from `iv`; returns the ciphertext. */
  chain(iv: Uint8Array, blocks: Uint8Array): Uint8Array {
    if (blocks.byteLength === 0) return blocks;
    for (let i = 0; i < 16; i++) blocks[i] = (blocks[i] as number) ^ (iv[i] as number) ^ (this.previous[i] as number);
    const out = this.cipher.update(blocks);
    this.previous.set(out.subarray(out.byteLength - 16));
    return out;
  }
}

/** `cbcs` encryption of one sample's protected ranges with the pattern (one {@link CbcStream} call per range). */
export function cbcsEncryptSample(stream: CbcStream, data: Uint8Array, job: SampleJob, pattern: Pattern | undefined): void {
  const end = job.offset + job.size;
  if (job.subsamples === undefined) {
    cbcsRange(stream, job.iv, data, job.offset, job.size, pattern);
    return;
  }
  let p = job.offset;
  for (const s of job.subsamples) {
    p += s.clearBytes;
    if (s.protectedBytes > 0) cbcsRange(stream, job.iv, data, p, Math.min(s.protectedBytes, end - p), pattern);
    p += s.protectedBytes;
  }
}

function cbcsRange(stream: CbcStream, iv: Uint8Array, data: Uint8Array, start: number, length: number, pattern: Pattern | undefined): void {
  const blocks = Math.floor(length / 16);
  if (blocks <= 0) return;
  const crypt = pattern?.crypt ?? 0;
  const skip = pattern?.skip ?? 0;
  if (crypt === 0 || skip === 0) {
    gatherBuf = grow(gatherBuf, blocks * 16);
    const buf = gatherBuf.subarray(0, blocks * 16);
    buf.set(data.subarray(start, start + blocks * 16));
    data.set(stream.chain(iv, buf), start);
    return;
  }
  cryptPatternBlocks(data, start, blocks, crypt, skip, (size) => (gatherBuf = grow(gatherBuf, size)), (gathered) => stream.chain(iv, gathered));
}
