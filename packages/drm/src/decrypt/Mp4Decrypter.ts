import { ChunkQueue, isOttError, readBoxes, writeBoxes } from '@ott/core';
import type { ContainerBox } from '@ott/core';
import { readTrackProtection } from '../cenc/readTrackProtection.js';
import type { KeyRing } from '../keys/ContentKey.js';
import { drmError } from '../keys/drmError.js';
import { clearMoof, clearMoov, decryptMoof } from './clearBoxes.js';
import type { MovieProtection } from './clearBoxes.js';

/** Boxes that may stand at the top level of an MP4 file or a CMAF segment (ISO/IEC 14496-12 §4.2, 23000-19). */
const TOP_LEVEL = new Set(['ftyp', 'styp', 'moov', 'moof', 'mdat', 'sidx', 'ssix', 'emsg', 'prft', 'free', 'skip', 'uuid', 'meta', 'mfra', 'pdin', 'udta', 'wide']);

/** Limits of {@link Mp4Decrypter}: what it holds in memory at most. */
export interface Mp4DecrypterOptions {
  /** Largest `moov` (read whole to find the protected tracks). Default 64 MiB. */
  readonly maxMoovBytes?: number;
  /** Largest fragment: a `moof`, the boxes after it and its `mdat`, held while its samples are decrypted. Default 256 MiB. */
  readonly maxFragmentBytes?: number;
  /**
   * Decrypt samples inside the pushed chunks instead of a copy of each fragment (saves a copy and its garbage). Only
   * when the caller neither reuses nor reads the chunks after pushing them. Default false: the input is never changed.
   */
  readonly mayModifyInput?: boolean;
}

/** What an {@link Mp4Decrypter} did so far. */
export interface Mp4DecryptCounts {
  /** Samples decrypted (0: the input had no encrypted sample and was copied with its protection boxes removed). */
  readonly decryptedSamples: number;
  /** Fragments (`moof`) read. */
  readonly fragments: number;
  /** Bytes of input read. */
  readonly bytesIn: number;
  /** Bytes of clear output produced. */
  readonly bytesOut: number;
}

interface PendingFragment {
  readonly moof: ContainerBox;
  readonly moofStart: number;
  readonly moofSize: number;
  /** Boxes between the `moof` and its `mdat` (rare), held with it. */
  readonly between: Uint8Array[];
  bytes: number;
}

const MIB = 1024 * 1024;

/**
 * Decrypts a Common Encryption MP4 as it streams by: push chunks of any size, get clear bytes back. It holds at most
 * the `moov` and one fragment (`moof` + `mdat`) in memory, so a film costs the memory of one fragment, and every other
 * box passes through as it arrives. Sample entries go back to their `frma` format, `sinf`/`pssh`/`senc`/`saiz`/`saio`/
 * `seig` groups are removed, `trun` data offsets move by the `moof` size change, and `sidx` is dropped (its sizes no
 * longer hold). Input is never changed in place.
 *
 * Refused with `DRM_DECRYPT_FAILED`: input that does not start with a top-level box, a box past the end, bytes after
 * the last box, no `moov` or `moof`, a subsample map larger than its sample. `DRM_UNSUPPORTED`: `cens`/`cbc1`, or
 * protected tracks whose samples are not in fragments (an unfragmented encrypted file: its samples would stay
 * encrypted). `DRM_KEY_NOT_FOUND`: a key id without a key.
 *
 * @example
 * ```ts
 * declare const out: import('node:stream').Writable;
 * const decrypter = new Mp4Decrypter(KeyRing.fromArgs(['63cb5f7184dd4b689a5c5ff11ee6a328']));
 * for await (const chunk of createReadStream('enc.mp4')) for (const clear of decrypter.push(chunk)) out.write(clear);
 * for (const clear of decrypter.end()) out.write(clear);
 * ```
 */
export class Mp4Decrypter {
  readonly #keys: KeyRing;
  readonly #maxMoov: number;
  readonly #maxFragment: number;
  readonly #inPlace: boolean;
  readonly #queue = new ChunkQueue();
  #movie: MovieProtection = { protection: new Map(), defaults: new Map() };
  #started = false;
  #sawMoov = false;
  #looseMdatBytes = 0;
  /** Bytes of a pass-through box still to copy (`Infinity`: to the end). */
  #passRemaining = 0;
  #skipRemaining = 0;
  #fragment: PendingFragment | undefined;
  #decryptedSamples = 0;
  #fragments = 0;
  #bytesIn = 0;
  #bytesOut = 0;

  constructor(keys: KeyRing, options: Mp4DecrypterOptions = {}) {
    this.#keys = keys;
    this.#maxMoov = options.maxMoovBytes ?? 64 * MIB;
    this.#maxFragment = options.maxFragmentBytes ?? 256 * MIB;
    this.#inPlace = options.mayModifyInput ?? false;
  }

  /** What was done so far. */
  get counts(): Mp4DecryptCounts {
    return { decryptedSamples: this.#decryptedSamples, fragments: this.#fragments, bytesIn: this.#bytesIn, bytesOut: this.#bytesOut };
  }

  /**
   * Adds a chunk of input; returns the clear bytes it completed (views of the input for boxes passed through).
   * @throws OttError `DRM_*` on input it cannot decrypt; the decrypter is unusable afterwards.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    this.#queue.push(chunk);
    this.#bytesIn += chunk.byteLength;
    return this.#guard((out) => this.#drain(out));
  }

  /** Signals the end of input; returns the last clear bytes. @throws OttError `DRM_*` when the input was incomplete. */
  end(): Uint8Array[] {
    return this.#guard((out) => this.#end(out));
  }

  /** Runs a step, counting its output and typing any error of the MP4 layer as `DRM_DECRYPT_FAILED`. */
  #guard(step: (out: Uint8Array[]) => void): Uint8Array[] {
    const out: Uint8Array[] = [];
    try {
      step(out);
    } catch (error) {
      throw isOttError(error) && error.stage === 'drm' ? error : drmError('DRM_DECRYPT_FAILED', `The input is not a valid MP4: ${isOttError(error) ? error.message : String(error)}`, undefined, error);
    }
    for (const part of out) this.#bytesOut += part.byteLength;
    return out;
  }

  #end(out: Uint8Array[]): void {
    const q = this.#queue;
    if (this.#passRemaining !== Infinity && (this.#passRemaining > 0 || this.#skipRemaining > 0)) {
      throw drmError('DRM_DECRYPT_FAILED', `The input ends ${this.#passRemaining + this.#skipRemaining} bytes before the end of its last box: it is truncated.`);
    }
    if (q.length > 0) {
      const header = q.length >= 8 ? safeHeader(q) : undefined;
      if (header === undefined) throw drmError('DRM_DECRYPT_FAILED', `${q.length} bytes after the last box at the end of the input are no box: the input is truncated or not an MP4.`);
      throw drmError('DRM_DECRYPT_FAILED', `The '${header.type.replace(/[^\x20-\x7e]/g, '?')}' box at byte ${q.position} declares ${header.size} bytes, but only ${q.length} remain: the input is truncated.`);
    }
    if (this.#fragment !== undefined) this.#finishFragment(new Uint8Array(0), out);
    if (!this.#sawMoov && this.#fragments === 0) {
      throw drmError('DRM_DECRYPT_FAILED', 'The input has neither a moov nor a moof box: there is nothing to decrypt. Pass an encrypted MP4 (or init.mp4 followed by its segments).');
    }
    if (this.#movie.protection.size > 0 && this.#fragments === 0 && this.#looseMdatBytes > 0) {
      throw drmError('DRM_UNSUPPORTED', 'The file has protected tracks but no fragments: unfragmented encrypted MP4 is not supported (its samples would stay encrypted). Fragment it first, e.g. with mp4fragment or Shaka Packager.');
    }
  }

  #drain(out: Uint8Array[]): void {
    const q = this.#queue;
    for (;;) {
      if (this.#passRemaining > 0) {
        const n = Math.min(this.#passRemaining, q.length);
        if (n > 0) out.push(q.take(n));
        this.#passRemaining -= n;
        if (this.#passRemaining > 0) return;
      }
      if (this.#skipRemaining > 0) {
        this.#skipRemaining -= q.skip(this.#skipRemaining);
        if (this.#skipRemaining > 0) return;
      }
      const header = q.peekBoxHeader();
      if (header === undefined) return;
      const { type } = header;
      if (!this.#started) {
        this.#started = true;
        if (!TOP_LEVEL.has(type)) {
          throw drmError('DRM_DECRYPT_FAILED', `The input is not an MP4 file or CMAF segment: it starts with a '${type.replace(/[^\x20-\x7e]/g, '?')}' box. Pass an encrypted MP4 (or init.mp4 followed by its segments).`);
        }
      }
      if (header.size === 0) {
        // "To the end of the file": only a last box that passes through can be resolved while streaming.
        if (this.#fragment !== undefined || type === 'moov' || type === 'moof') {
          throw drmError('DRM_UNSUPPORTED', `The '${type}' box at byte ${q.position} has size 0 ("to the end of the file"); rewrite the file with explicit box sizes (e.g. ffmpeg -c copy).`);
        }
        if (type === 'mdat') this.#looseMdatBytes = Infinity;
        this.#passRemaining = Infinity;
        continue;
      }
      const { size } = header;
      if (type === 'moov') {
        if (size > this.#maxMoov) throw tooLarge('moov', size, this.#maxMoov, 'maxMoovBytes');
        if (q.length < size) return;
        this.#readMoov(q.take(size), out);
      } else if (type === 'moof') {
        if (this.#fragment !== undefined) this.#finishFragment(new Uint8Array(0), out);
        if (size > this.#maxFragment) throw tooLarge('moof', size, this.#maxFragment, 'maxFragmentBytes');
        if (q.length < size) return;
        const start = q.position;
        const [moof] = readBoxes(q.take(size)) as ContainerBox[];
        if (moof === undefined) throw drmError('DRM_DECRYPT_FAILED', 'Unreadable moof.');
        this.#fragment = { moof, moofStart: start, moofSize: size, between: [], bytes: size };
      } else if (type === 'sidx') {
        this.#skipRemaining = size; // dropped: the sizes it lists change with the moof
      } else if (this.#fragment !== undefined) {
        const fragment = this.#fragment;
        if (fragment.bytes + size > this.#maxFragment) throw tooLarge(`fragment at byte ${fragment.moofStart} (moof + ${type})`, fragment.bytes + size, this.#maxFragment, 'maxFragmentBytes');
        if (q.length < size) return;
        fragment.bytes += size;
        if (type === 'mdat') this.#finishFragment(q.take(size), out);
        else fragment.between.push(q.take(size));
      } else {
        if (type === 'mdat') this.#looseMdatBytes += size - header.headerSize;
        this.#passRemaining = size;
      }
    }
  }

  #readMoov(bytes: Uint8Array, out: Uint8Array[]): void {
    this.#sawMoov = true;
    const [moov] = readBoxes(bytes) as ContainerBox[];
    if (moov === undefined) throw drmError('DRM_DECRYPT_FAILED', 'Unreadable moov.');
    this.#movie = readTrackProtection(moov);
    out.push(writeBoxes([clearMoov(moov)]));
  }

  /** Decrypts the pending fragment's samples in a copy of the bytes after its `moof` (ending with `mdat`) and emits it. */
  #finishFragment(mdat: Uint8Array, out: Uint8Array[]): void {
    const fragment = this.#fragment as PendingFragment;
    this.#fragment = undefined;
    let window = mdat;
    if (!this.#inPlace || fragment.between.length > 0) {
      window = new Uint8Array(fragment.between.reduce((n, part) => n + part.byteLength, mdat.byteLength));
      let p = 0;
      for (const part of [...fragment.between, mdat]) {
        window.set(part, p);
        p += part.byteLength;
      }
    }
    this.#decryptedSamples += decryptMoof(fragment.moof, fragment.moofStart, window, fragment.moofStart + fragment.moofSize, this.#movie, this.#keys);
    this.#fragments += 1;
    out.push(clearMoof(fragment.moof, fragment.moofSize), window);
  }
}

function safeHeader(q: ChunkQueue): { type: string; size: number } | undefined {
  try {
    return q.peekBoxHeader();
  } catch {
    return undefined;
  }
}

function tooLarge(what: string, size: number, max: number, option: string): Error {
  return drmError('DRM_DECRYPT_FAILED', `The ${what} is ${size} bytes, above the ${max}-byte limit (${option}); the file is corrupt, or raise the limit for very long fragments.`, { size, max });
}
