import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cryptSample } from '../cenc/cryptSample.js';
import { listSamples } from '../cenc/listSamples.js';
import { isOttError } from '@ott/core';
import { decryptMp4, decryptMp4Report } from './decryptMp4.js';
import { KeyRing } from '../keys/ContentKey.js';
import { parseHex } from '../keys/hex.js';

// Vectors from Eyevinn/mp4ff test data (MIT), see ../shared/vectors/README.md.
const dir = resolve(import.meta.dirname, '../../../../../shared/vectors/cenc');
const read = (...names: string[]): Uint8Array => {
  const parts = names.map((n) => readFileSync(resolve(dir, n)));
  return Uint8Array.from(Buffer.concat(parts));
};

// Note: the shared README lists 00112233…eeff for cbcs_audio.mp4; that is the key of mp4ff's CLI option tests. The key
// the file was encrypted with (mp4ff's decrypt tests, mp4/testdata) is 5ffd93861fa776e96cccd934898fc1c8.
const cases = [
  { name: 'cenc video+audio', enc: ['prog_8s_enc_dashinit.mp4'], clear: ['prog_8s_dec_dashinit.mp4'], key: '63cb5f7184dd4b689a5c5ff11ee6a328' },
  { name: 'cbcs video', enc: ['cbcs.mp4'], clear: ['cbcsdec.mp4'], key: '22bdb0063805260307ee5045c0f3835a' },
  { name: 'cbcs audio', enc: ['cbcs_audio.mp4'], clear: ['cbcs_audiodec.mp4'], key: '5ffd93861fa776e96cccd934898fc1c8' },
  { name: 'PIFF audio', enc: ['piff/audio/init.mp4', 'piff/audio/segment-1.0001.m4s'], clear: ['piff/audio/init.mp4', 'piff/audio/segment-1.0001_dec.m4s'], key: '602a9289bfb9b1995b75ac63f123fc86' },
  { name: 'PIFF video', enc: ['piff/video/complseg-1.0001.mp4'], clear: ['piff/video/complseg-1.0001_dec.mp4'], key: '602a9289bfb9b1995b75ac63f123fc86' },
];

describe('decryptMp4 and cryptSample against the mp4ff vectors', () => {
  for (const v of cases) {
    it(`decrypts ${v.name} to its clear twin's sample data`, () => {
      const clear = listSamples(decryptMp4(read(...v.enc), KeyRing.fromArgs([v.key])));
      const twin = listSamples(read(...v.clear));
      expect(clear.length).toBe(twin.length);
      expect(clear.length).toBeGreaterThan(0);
      clear.forEach((s, i) => {
        expect(s.protection, `sample ${i} still signalled as protected`).toBeUndefined();
        expect(Buffer.from(s.data).equals(Buffer.from(twin[i]?.data ?? new Uint8Array()))).toBe(true);
      });
    });

    it(`re-encrypts ${v.name}'s clear twin byte for byte with the same IVs and subsample map`, () => {
      const encrypted = listSamples(read(...v.enc));
      const twin = listSamples(read(...v.clear));
      const key = parseHex(v.key, 16, 'key');
      let protectedCount = 0;
      encrypted.forEach((e, i) => {
        const sample = Uint8Array.from(twin[i]?.data ?? new Uint8Array());
        const p = e.protection;
        if (p?.isProtected) {
          protectedCount++;
          const scheme = p.pattern !== undefined ? 'cbcs' : 'cenc';
          cryptSample({ scheme, direction: 'encrypt', key, ...(p.pattern ? { pattern: p.pattern } : {}) }, p.iv, sample, p.subsamples);
        }
        expect(Buffer.from(sample).equals(Buffer.from(e.data)), `sample ${i}`).toBe(true);
      });
      expect(protectedCount).toBeGreaterThan(0);
    });
  }

  it('names the missing key id, never a key, when no key matches', () => {
    const ring = new KeyRing();
    ring.add(parseHex('00'.repeat(16), 16, 'kid'), parseHex('11'.repeat(16), 16, 'key'));
    expect(() => decryptMp4(read('prog_8s_enc_dashinit.mp4'), ring)).toThrow(/No key for key id cd7eb9ff88f34caeb06185b00024e4c2/);
  });
});

describe('decryptMp4 on input that is not a whole encrypted MP4', () => {
  const ring = KeyRing.fromArgs(['63cb5f7184dd4b689a5c5ff11ee6a328']);
  const codeOf = (input: Uint8Array): unknown => {
    try {
      decryptMp4(input, ring);
      return 'no error';
    } catch (error) {
      return isOttError(error) ? error.code : error;
    }
  };

  it('counts the samples it decrypted, and 0 for a clear file (copied as is)', () => {
    const encrypted = decryptMp4Report(read('prog_8s_enc_dashinit.mp4'), ring);
    expect(encrypted.decryptedSamples).toBeGreaterThan(100);
    expect(encrypted.fragments).toBeGreaterThan(0);
    const clear = decryptMp4Report(read('prog_8s_dec_dashinit.mp4'), ring);
    expect(clear.decryptedSamples).toBe(0);
  });

  it('refuses a lone non-top-level box, an empty input, a truncated box and trailing bytes, with DRM_DECRYPT_FAILED', () => {
    const sdtp = Uint8Array.from([0, 0, 0, 8, 0x73, 0x64, 0x74, 0x70]);
    expect(codeOf(sdtp)).toBe('DRM_DECRYPT_FAILED');
    expect(codeOf(new Uint8Array(0))).toBe('DRM_DECRYPT_FAILED');
    const whole = read('prog_8s_enc_dashinit.mp4');
    expect(codeOf(whole.subarray(0, whole.byteLength - 100))).toBe('DRM_DECRYPT_FAILED');
    expect(codeOf(Uint8Array.from([...whole, 1, 2, 3]))).toBe('DRM_DECRYPT_FAILED');
    const ftypOnly = whole.subarray(0, new DataView(whole.buffer, whole.byteOffset).getUint32(0));
    expect(codeOf(ftypOnly)).toBe('DRM_DECRYPT_FAILED');
  });

  it('refuses a subsample map larger than its sample (found by bench/fuzz.mjs: a RangeError before)', () => {
    const bytes = read('prog_8s_enc_dashinit.mp4');
    const at = Buffer.from(bytes).indexOf('senc');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(at + 4) & 2).toBe(2); // subsamples present
    // 8-byte IVs: first sample's IV at +12, its subsample count at +20, first entry (clear u16, protected u32) at +22.
    view.setUint32(at + 24, 0x7fffffff);
    expect(codeOf(bytes)).toBe('DRM_DECRYPT_FAILED');
  });

  it('ends every file of the ISO-BMFF fuzz corpus in a typed error or a full decryption, never an untyped one', () => {
    const corpus = resolve(import.meta.dirname, '../../../../../shared/vectors/isobmff-fuzz');
    const outcomes = readdirSync(corpus).filter((name) => name.endsWith('.bin')).map((name) => codeOf(Uint8Array.from(readFileSync(resolve(corpus, name)))));
    expect(outcomes.length).toBe(44);
    for (const outcome of outcomes) expect(typeof outcome === 'string' ? outcome : String(outcome)).toMatch(/^(no error|[A-Z_]+)$/);
  });
});
