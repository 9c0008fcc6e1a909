import { printable } from '../box/readBoxHeader.js';
import { isobmffError } from '../cursor/isobmffError.js';

/**
 * Pending input chunks of a streaming parser. Bytes are only copied when a requested range straddles chunks;
 * otherwise a view into the chunk is returned.
 */
export class ChunkQueue {
  #chunks: Uint8Array[] = [];
  #head = 0;
  #headOffset = 0;
  #length = 0;
  /** Absolute stream offset of the first pending byte. */
  #base = 0;

  /** Bytes pending. */
  get length(): number {
    return this.#length;
  }

  /** Absolute stream offset of the first pending byte. */
  get position(): number {
    return this.#base;
  }

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.byteLength;
  }

  /** The byte at `index` (relative to the first pending byte); the caller checks `index < length`. */
  byteAt(index: number): number {
    let i = this.#head;
    let off = this.#headOffset + index;
    for (;;) {
      const c = this.#chunks[i] as Uint8Array;
      if (off < c.byteLength) return c[off] as number;
      off -= c.byteLength;
      i++;
    }
  }

  /** Big-endian u32 at `index` (relative); the caller checks `index + 4 <= length`. */
  u32At(index: number): number {
    const c = this.#chunks[this.#head] as Uint8Array;
    const off = this.#headOffset + index;
    if (off + 4 <= c.byteLength) return ((c[off]! << 24) | (c[off + 1]! << 16) | (c[off + 2]! << 8) | c[off + 3]!) >>> 0;
    return ((this.byteAt(index) << 24) | (this.byteAt(index + 1) << 16) | (this.byteAt(index + 2) << 8) | this.byteAt(index + 3)) >>> 0;
  }

  /**
   * The header of the box that starts at the first pending byte, or `undefined` while fewer than its 8 (or 16) header
   * bytes are pending. `size` 0 means "to the end of the file" (ISO/IEC 14496-12 §4.2), left for the caller to resolve.
   * @throws OttError `ISOBMFF_TOO_LARGE` for a 64-bit size above 2^53, `ISOBMFF_INVALID_BOX` for a size below the header's.
   */
  peekBoxHeader(): { readonly type: string; readonly size: number; readonly headerSize: number } | undefined {
    if (this.#length < 8) return undefined;
    let size = this.u32At(0);
    const type = String.fromCharCode(this.byteAt(4), this.byteAt(5), this.byteAt(6), this.byteAt(7));
    if (size === 1) {
      if (this.#length < 16) return undefined;
      const hi = this.u32At(8);
      if (hi >= 0x200000) throw isobmffError('ISOBMFF_TOO_LARGE', `Box '${printable(type)}' at offset ${this.#base} declares a size above 2^53 bytes.`, { offset: this.#base });
      size = hi * 4294967296 + this.u32At(12);
      if (size < 16) throw isobmffError('ISOBMFF_INVALID_BOX', `Box '${printable(type)}' at offset ${this.#base} declares size ${size}, smaller than its header; the input is corrupt.`, { offset: this.#base });
      return { type, size, headerSize: 16 };
    }
    if (size !== 0 && size < 8) throw isobmffError('ISOBMFF_INVALID_BOX', `Box '${printable(type)}' at offset ${this.#base} declares size ${size}, smaller than its header; the input is corrupt.`, { offset: this.#base });
    return { type, size, headerSize: 8 };
  }

  /** Removes and returns the next `n` bytes (`n <= length`): a view when they lie in one chunk, else one copy. */
  take(n: number): Uint8Array {
    const first = this.#chunks[this.#head] as Uint8Array;
    let out: Uint8Array;
    if (this.#headOffset + n <= first.byteLength) {
      out = first.subarray(this.#headOffset, this.#headOffset + n);
    } else {
      out = new Uint8Array(n);
      let written = 0;
      let i = this.#head;
      let off = this.#headOffset;
      while (written < n) {
        const c = this.#chunks[i] as Uint8Array;
        const part = Math.min(c.byteLength - off, n - written);
        out.set(c.subarray(off, off + part), written);
        written += part;
        off = 0;
        i++;
      }
    }
    this.skip(n);
    return out;
  }

  /** Discards up to `n` bytes; returns how many were discarded. */
  skip(n: number): number {
    const count = Math.min(n, this.#length);
    let left = count;
    while (left > 0) {
      const c = this.#chunks[this.#head] as Uint8Array;
      const avail = c.byteLength - this.#headOffset;
      if (left < avail) {
        this.#headOffset += left;
        left = 0;
      } else {
        left -= avail;
        this.#head++;
        this.#headOffset = 0;
      }
    }
    this.#length -= count;
    this.#base += count;
    if (this.#head > 64 || this.#head === this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
    return count;
  }
}
