import { isobmffError } from './isobmffError.js';

const TWO_32 = 4294967296;

/**
 * A bounds-checked big-endian reading position over bytes. Every read checks the bytes left before the box end
 * (`end`) and throws `ISOBMFF_TRUNCATED` instead of reading past it, so readers never index out of range.
 */
export class Cursor {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Absolute index (into `bytes`) of the next byte to read. */
  pos: number;
  /** Absolute index one past the last readable byte. */
  end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.byteLength) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws `ISOBMFF_TRUNCATED` unless `n` more bytes can be read. */
  need(n: number, what = 'field'): void {
    if (n > this.end - this.pos || n < 0) {
      throw isobmffError(
        'ISOBMFF_TRUNCATED',
        `Expected ${n} more bytes for ${what} at offset ${this.pos}, but only ${this.end - this.pos} remain; the input is truncated or a size field is corrupt.`,
        { offset: this.pos, needed: n, remaining: this.end - this.pos },
      );
    }
  }

  /**
   * Checks that `count` entries of `entrySize` bytes fit in what is left, BEFORE a reader allocates or loops, so a
   * corrupt count (e.g. 2^32 samples in 10 bytes) is an error, not a 4-billion-iteration loop.
   */
  needEntries(count: number, entrySize: number, what: string): void {
    if (count * entrySize > this.end - this.pos) {
      throw isobmffError(
        'ISOBMFF_INVALID_BOX',
        `${what}: entry count ${count} × ${entrySize} bytes overruns the ${this.end - this.pos} bytes left in the box; the count field is corrupt.`,
        { offset: this.pos, count, entrySize, remaining: this.end - this.pos },
      );
    }
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  i16(): number {
    this.need(2);
    const v = this.view.getInt16(this.pos);
    this.pos += 2;
    return v;
  }

  u24(): number {
    this.need(3);
    const v = (this.view.getUint8(this.pos) << 16) | this.view.getUint16(this.pos + 1);
    this.pos += 3;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  /** Unsigned 64-bit as a number; throws `ISOBMFF_TOO_LARGE` above 2^53 rather than losing precision. */
  u64(): number {
    this.need(8);
    const hi = this.view.getUint32(this.pos);
    const lo = this.view.getUint32(this.pos + 4);
    if (hi >= 0x200000) {
      throw isobmffError(
        'ISOBMFF_TOO_LARGE',
        `A 64-bit field at offset ${this.pos} exceeds 2^53 and cannot be represented exactly; read it with u64big() or fix the input.`,
        { offset: this.pos },
      );
    }
    this.pos += 8;
    return hi * TWO_32 + lo;
  }

  /**
   * A 64-bit duration: as {@link u64}, except that all ones ("duration unknown", ISO/IEC 14496-12 §8.2.2.3) is
   * returned as -1, which sinks write back as all ones.
   */
  u64Duration(): number {
    this.need(8);
    if (this.view.getUint32(this.pos) === 0xffffffff && this.view.getUint32(this.pos + 4) === 0xffffffff) {
      this.pos += 8;
      return -1;
    }
    return this.u64();
  }

  /** Unsigned 64-bit as a bigint (lossless). */
  u64big(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  /** A view (no copy) of the next `n` bytes. */
  bytesView(n: number): Uint8Array {
    this.need(n);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A view of everything left before `end`. */
  rest(): Uint8Array {
    return this.bytesView(this.end - this.pos);
  }

  fourcc(): string {
    this.need(4);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return String.fromCharCode(b[p] ?? 0, b[p + 1] ?? 0, b[p + 2] ?? 0, b[p + 3] ?? 0);
  }

  /** A NUL-terminated UTF-8 string (or up to `end` when unterminated). */
  cstring(): string {
    let stop = this.pos;
    while (stop < this.end && this.bytes[stop] !== 0) stop++;
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, stop));
    this.pos = Math.min(stop + 1, this.end);
    return s;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
}
