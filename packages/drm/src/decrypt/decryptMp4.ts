import type { KeyRing } from '../keys/ContentKey.js';
import { Mp4Decrypter } from './Mp4Decrypter.js';
import type { Mp4DecrypterOptions } from './Mp4Decrypter.js';

/** What {@link decryptMp4Report} did. */
export interface DecryptReport {
  /** The clear MP4. */
  readonly bytes: Uint8Array;
  /** Samples decrypted (0: the input had no encrypted sample and was copied with its protection boxes removed). */
  readonly decryptedSamples: number;
  /** Fragments (`moof`) read. */
  readonly fragments: number;
}

/**
 * Decrypts a Common Encryption MP4 (`cenc`, `cbcs`; `senc` or PIFF `uuid` signalling) held in memory: an init segment
 * followed by fragments (e.g. `cat init.mp4 seg-*.m4s`), or a fragmented file. See {@link Mp4Decrypter} (which streams,
 * for files: {@link decryptMp4File}) for what changes and what is refused. Returns a new buffer; the input is not changed.
 *
 * @throws OttError `DRM_KEY_NOT_FOUND` when a key id has no key; `DRM_DECRYPT_FAILED` on malformed input.
 */
export function decryptMp4(input: Uint8Array, keys: KeyRing, options?: Mp4DecrypterOptions): Uint8Array {
  return decryptMp4Report(input, keys, options).bytes;
}

/**
 * {@link decryptMp4}, also saying how many samples it decrypted. Input that is not a whole MP4 (no `moov` or `moof`,
 * a first box that cannot start a file, a box that runs past the end, bytes after the last box) is refused with
 * `DRM_DECRYPT_FAILED`: nothing is dropped silently.
 */
export function decryptMp4Report(input: Uint8Array, keys: KeyRing, options?: Mp4DecrypterOptions): DecryptReport {
  const decrypter = new Mp4Decrypter(keys, options);
  const parts = [...decrypter.push(input), ...decrypter.end()];
  let size = 0;
  for (const part of parts) size += part.byteLength;
  const bytes = new Uint8Array(size);
  let p = 0;
  for (const part of parts) {
    bytes.set(part, p);
    p += part.byteLength;
  }
  const { decryptedSamples, fragments } = decrypter.counts;
  return { bytes, decryptedSamples, fragments };
}
