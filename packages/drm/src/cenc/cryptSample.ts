import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Subsample } from '@ott/core';
import { cryptPatternBlocks } from './cryptPatternBlocks.js';

/** Encryption pattern of `cbcs` (ISO/IEC 23001-7 §9.6): `crypt` blocks encrypted, then `skip` blocks clear. */
export interface Pattern {
  readonly crypt: number;
  readonly skip: number;
}

/** How one sample is (de)ciphered. */
export interface SampleCipher {
  readonly scheme: 'cenc' | 'cbcs';
  readonly direction: 'encrypt' | 'decrypt';
  /** AES-128 key (16 bytes). */
  readonly key: Uint8Array;
  /** cbcs pattern; `{0,0}` (or absent) = every whole block of the protected range. */
  readonly pattern?: Pattern;
}

// One scratch buffer reused for gathering: a sample's protected bytes are copied in, ciphered with ONE call, and
// scattered back (a cipher call per 16-byte block is ~5× slower; see NOTES "Node crypto").
let scratch = Buffer.allocUnsafe(1 << 20);
function scratchOf(size: number): Buffer {
  if (scratch.byteLength < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.byteLength * 2));
  return scratch.subarray(0, size);
}

/** The 16-byte counter/IV block: 8-byte IVs are the high half of the CTR counter (ISO/IEC 23001-7 §9.1). */
export function ivBlock(iv: Uint8Array): Uint8Array {
  if (iv.byteLength === 16) return iv;
  const out = new Uint8Array(16);
  out.set(iv.subarray(0, 8));
  return out;
}

/**
 * Encrypts or decrypts one sample IN PLACE.
 *
 * - `cenc`: AES-128-CTR over the protected ranges taken together (the counter runs on across subsamples, §9.5.2).
 * - `cbcs`: AES-128-CBC with the pattern inside each protected range; the chain restarts from the IV at every
 *   subsample (§9.6.2, §10.4.2); a trailing partial block stays clear.
 *
 * Without a subsample map the whole sample is one protected range.
 */
export function cryptSample(c: SampleCipher, iv: Uint8Array, sample: Uint8Array, subsamples?: readonly Subsample[]): void {
  const iv16 = ivBlock(iv);
  if (c.scheme === 'cenc') {
    ctr(c, iv16, sample, subsamples);
    return;
  }
  if (subsamples === undefined) {
    cbcRange(c, iv16, sample, 0, sample.byteLength);
    return;
  }
  let p = 0;
  for (const s of subsamples) {
    p += s.clearBytes;
    if (s.protectedBytes > 0) cbcRange(c, iv16, sample, p, Math.min(s.protectedBytes, sample.byteLength - p));
    p += s.protectedBytes;
  }
}

function ctr(c: SampleCipher, iv16: Uint8Array, sample: Uint8Array, subsamples?: readonly Subsample[]): void {
  const cipher = c.direction === 'encrypt' ? createCipheriv('aes-128-ctr', c.key, iv16) : createDecipheriv('aes-128-ctr', c.key, iv16);
  if (subsamples === undefined) {
    sample.set(cipher.update(sample));
    return;
  }
  let total = 0;
  let ranges = 0;
  for (const s of subsamples) if (s.protectedBytes > 0) { total += s.protectedBytes; ranges++; }
  if (ranges === 1) {
    let p = 0;
    for (const s of subsamples) {
      p += s.clearBytes;
      if (s.protectedBytes > 0) sample.set(cipher.update(sample.subarray(p, p + s.protectedBytes)), p);
      p += s.protectedBytes;
    }
    return;
  }
  const buf = scratchOf(total);
  let p = 0;
  let q = 0;
  for (const s of subsamples) {
    p += s.clearBytes;
    buf.set(sample.subarray(p, p + s.protectedBytes), q);
    p += s.protectedBytes;
    q += s.protectedBytes;
  }
  const out = cipher.update(buf);
  p = 0;
  q = 0;
  for (const s of subsamples) {
    p += s.clearBytes;
    sample.set(out.subarray(q, q + s.protectedBytes), p);
    p += s.protectedBytes;
    q += s.protectedBytes;
  }
}

function cbcRange(c: SampleCipher, iv16: Uint8Array, sample: Uint8Array, start: number, length: number): void {
  const blocks = Math.floor(length / 16);
  if (blocks === 0) return;
  const crypt = c.pattern?.crypt ?? 0;
  const skip = c.pattern?.skip ?? 0;
  const cipher = c.direction === 'encrypt' ? createCipheriv('aes-128-cbc', c.key, iv16) : createDecipheriv('aes-128-cbc', c.key, iv16);
  cipher.setAutoPadding(false);
  if (skip === 0 || crypt === 0) {
    const range = sample.subarray(start, start + blocks * 16);
    range.set(cipher.update(range));
    return;
  }
  cryptPatternBlocks(sample, start, blocks, crypt, skip, scratchOf, (gathered) => cipher.update(gathered));
}
