import { createCipheriv, randomBytes } from 'node:crypto';
import type { Subsample } from '@ott/core';
import { describe, expect, it } from 'vitest';
import { cryptSample } from './cryptSample.js';
import { CbcStream, cbcsEncryptSample, ctrEncryptContinuous, ctrEncryptSamples, importCtrKey, protectedBytesOf } from './fastEncrypt.js';
import type { SampleJob } from './fastEncrypt.js';

const key = Uint8Array.from(randomBytes(16));

/** Samples of assorted sizes, some with subsample maps (ranges of any length, a short tail, a 0-byte range). */
function makeJobs(ivSize: 8 | 16): { data: Uint8Array; jobs: SampleJob[] } {
  const sizes = [1, 15, 16, 17, 340, 1000, 4099, 16, 0, 70000];
  const jobs: SampleJob[] = [];
  let offset = 0;
  sizes.forEach((size, i) => {
    let subsamples: Subsample[] | undefined;
    if (i % 3 === 1 && size > 40) subsamples = [{ clearBytes: 5, protectedBytes: 32 }, { clearBytes: 3, protectedBytes: 0 }, { clearBytes: 2, protectedBytes: size - 42 }];
    const iv = Uint8Array.from(randomBytes(ivSize));
    if (i === 4) iv.fill(0xff, ivSize - 8); // counter carries into the high half (16-byte IV)
    jobs.push({ offset, size, iv, ...(subsamples ? { subsamples } : {}) });
    offset += size;
  });
  return { data: Uint8Array.from(randomBytes(offset)), jobs };
}

/** IVs of a track's continuous keystream: each sample's IV is the previous one plus the blocks it protected. */
function chainIvs(jobs: readonly SampleJob[], first: Uint8Array): SampleJob[] {
  let iv = BigInt(`0x${Buffer.from(first).toString('hex')}`);
  return jobs.map((job) => {
    const bytes = Uint8Array.from(Buffer.from(iv.toString(16).padStart(32, '0').slice(-32), 'hex'));
    iv = (iv + BigInt(Math.ceil(protectedBytesOf(job) / 16))) % (1n << 128n);
    return { ...job, iv: bytes };
  });
}

describe('fast segment encryption equals one cipher per sample (cryptSample)', () => {
  it('cenc with chained 16-byte IVs: one keystream per segment on the thread pool (WebCrypto), partial blocks padded, carries across 64 bits, several segments at once', async () => {
    const segments = [makeJobs(16), makeJobs(16), makeJobs(16)].map(({ data, jobs }, i) => {
      const first = Uint8Array.from(randomBytes(16));
      if (i === 1) first.fill(0xff, 8);
      const chained = chainIvs(jobs, first);
      const expected = Uint8Array.from(data);
      for (const j of chained) cryptSample({ scheme: 'cenc', direction: 'encrypt', key }, j.iv, expected.subarray(j.offset, j.offset + j.size), j.subsamples);
      return { data, jobs: chained, expected };
    });
    const cryptoKey = importCtrKey(key);
    await Promise.all(segments.map((s) => ctrEncryptContinuous(cryptoKey, s.data, s.jobs)));
    for (const s of segments) expect(Buffer.from(s.data).equals(Buffer.from(s.expected))).toBe(true);
  });

  for (const ivSize of [8, 16] as const) {
    it(`cenc with ${ivSize}-byte IVs: small samples batched into one AES-ECB keystream call, large ones one CTR call each`, () => {
      const { data, jobs } = makeJobs(ivSize);
      const expected = Uint8Array.from(data);
      for (const j of jobs) cryptSample({ scheme: 'cenc', direction: 'encrypt', key }, j.iv, expected.subarray(j.offset, j.offset + j.size), j.subsamples);
      const ecb = createCipheriv('aes-128-ecb', key, null);
      ecb.setAutoPadding(false);
      ctrEncryptSamples(ecb, key, data, jobs);
      expect(Buffer.from(data).equals(Buffer.from(expected))).toBe(true);
      // The same ECB cipher serves the next segment.
      const again = makeJobs(ivSize);
      const twin = Uint8Array.from(again.data);
      for (const j of again.jobs) cryptSample({ scheme: 'cenc', direction: 'encrypt', key }, j.iv, twin.subarray(j.offset, j.offset + j.size), j.subsamples);
      ctrEncryptSamples(ecb, key, again.data, again.jobs);
      expect(Buffer.from(again.data).equals(Buffer.from(twin))).toBe(true);
    });
  }

  for (const pattern of [{ crypt: 1, skip: 9 }, { crypt: 0, skip: 0 }]) {
    it(`cbcs ${pattern.crypt}:${pattern.skip}: every chain through one CBC stream restarts from its IV`, () => {
      const { data, jobs } = makeJobs(16);
      const expected = Uint8Array.from(data);
      for (const j of jobs) cryptSample({ scheme: 'cbcs', direction: 'encrypt', key, pattern }, j.iv, expected.subarray(j.offset, j.offset + j.size), j.subsamples);
      const stream = new CbcStream(key);
      for (const j of jobs) cbcsEncryptSample(stream, data, j, pattern);
      expect(Buffer.from(data).equals(Buffer.from(expected))).toBe(true);
    });
  }
});
