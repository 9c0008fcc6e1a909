import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { KeyRing } from '../keys/ContentKey.js';
import { decryptMp4 } from './decryptMp4.js';
import { decryptMp4File } from './decryptMp4File.js';
import { Mp4Decrypter } from './Mp4Decrypter.js';

const dir = resolve(import.meta.dirname, '../../../../../shared/vectors/cenc');
const enc = Uint8Array.from(readFileSync(resolve(dir, 'prog_8s_enc_dashinit.mp4')));
const ring = KeyRing.fromArgs(['63cb5f7184dd4b689a5c5ff11ee6a328']);
const work = mkdtempSync(join(tmpdir(), 'ott-decrypt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const concat = (parts: readonly Uint8Array[]): Buffer => Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));

describe('Mp4Decrypter streams', () => {
  it('gives the same bytes whatever the chunk size, and never changes its input', () => {
    const whole = Buffer.from(decryptMp4(enc, ring));
    const before = Buffer.from(enc);
    for (const chunk of [1, 7, 4096, 65_536]) {
      const d = new Mp4Decrypter(ring);
      const out: Uint8Array[] = [];
      for (let p = 0; p < enc.byteLength; p += chunk) out.push(...d.push(enc.subarray(p, p + chunk)));
      out.push(...d.end());
      expect(concat(out).equals(whole), `chunk ${chunk}`).toBe(true);
      expect(d.counts.decryptedSamples).toBeGreaterThan(100);
    }
    expect(Buffer.from(enc).equals(before)).toBe(true);
  });

  it('refuses a fragment above maxFragmentBytes and a moov above maxMoovBytes before buffering them', () => {
    const code = (fn: () => unknown): unknown => {
      try {
        fn();
        return 'no error';
      } catch (error) {
        return isOttError(error) ? `${error.code}: ${error.message}` : error;
      }
    };
    expect(code(() => decryptMp4(enc, ring, { maxFragmentBytes: 1000 }))).toMatch(/^DRM_DECRYPT_FAILED: .*maxFragmentBytes/);
    expect(code(() => decryptMp4(enc, ring, { maxMoovBytes: 100 }))).toMatch(/^DRM_DECRYPT_FAILED: .*maxMoovBytes/);
    // Only the header of a box that declares 3 GiB has arrived: refused at once, nothing allocated for it.
    const d = new Mp4Decrypter(ring);
    expect(code(() => d.push(Uint8Array.from([0xc0, 0, 0, 0, 0x6d, 0x6f, 0x6f, 0x66])))).toMatch(/^DRM_DECRYPT_FAILED: The moof is 3221225472 bytes/);
  });

  it('refuses an unfragmented file with protected tracks instead of copying encrypted samples as clear', () => {
    // An encrypted moov followed by a loose mdat (no moof): the samples cannot be found without the sample tables.
    const moovAt = Buffer.from(enc).indexOf('moov') - 4;
    const moovSize = new DataView(enc.buffer, enc.byteOffset).getUint32(moovAt);
    const mdat = Uint8Array.from([0, 0, 0, 16, 0x6d, 0x64, 0x61, 0x74, 1, 2, 3, 4, 5, 6, 7, 8]);
    const file = Uint8Array.from([...enc.subarray(0, moovAt + moovSize), ...mdat]);
    expect(() => decryptMp4(file, ring)).toThrow(/unfragmented encrypted MP4 is not supported/);
  });
});

describe('decryptMp4File', () => {
  it('decrypts init + segments read as one stream, with bounded memory, to the same bytes as in memory', async () => {
    const input = join(work, 'in.mp4');
    writeFileSync(input, enc);
    const output = join(work, 'out.mp4');
    const counts = await decryptMp4File([input], output, ring, { blockSize: 4096 });
    expect(readFileSync(output).equals(Buffer.from(decryptMp4(enc, ring)))).toBe(true);
    expect(counts.bytesIn).toBe(enc.byteLength);
    expect(existsSync(`${output}.partial`)).toBe(false);
  });

  it('leaves no output and no partial file when the input is truncated', async () => {
    const input = join(work, 'cut.mp4');
    writeFileSync(input, enc.subarray(0, enc.byteLength - 1000));
    const output = join(work, 'cut-out.mp4');
    await expect(decryptMp4File([input], output, ring)).rejects.toMatchObject({ code: 'DRM_DECRYPT_FAILED' });
    expect(existsSync(output)).toBe(false);
    expect(existsSync(`${output}.partial`)).toBe(false);
  });

  it('types a failure of the output (its folder does not exist) as STORAGE_WRITE_FAILED, leaving nothing', async () => {
    const input = join(work, 'for-missing-folder.mp4');
    writeFileSync(input, enc);
    const output = join(work, 'no-such-folder', 'out.mp4');
    await expect(decryptMp4File([input], output, ring)).rejects.toMatchObject({ code: 'STORAGE_WRITE_FAILED' });
    expect(existsSync(join(work, 'no-such-folder'))).toBe(false);
  });

  it('refuses a non-regular input (a folder) with a typed error before opening it', async () => {
    await expect(decryptMp4File([work], join(work, 'x.mp4'), ring)).rejects.toMatchObject({ code: 'INPUT_UNREADABLE' });
  });
});
