import type { ByteSink } from './ByteSink.js';
import { isobmffError } from './isobmffError.js';

const encoder = new TextEncoder();
const TWO_32 = 4294967296;

/** A {@link ByteSink} writing big-endian into a buffer allocated once by the caller. */
export class DataViewSink implements ByteSink {
  readonly out: Uint8Array;
  readonly view: DataView;
  pos = 0;

  constructor(bytes: Uint8Array) {
    this.out = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8(v: number): void {
    this.view.setUint8(this.pos, v);
    this.pos += 1;
  }
  u16(v: number): void {
    this.view.setUint16(this.pos, v);
    this.pos += 2;
  }
  i16(v: number): void {
    this.view.setInt16(this.pos, v);
    this.pos += 2;
  }
  u24(v: number): void {
    this.view.setUint8(this.pos, (v >>> 16) & 0xff);
    this.view.setUint16(this.pos + 1, v & 0xffff);
    this.pos += 3;
  }
  u32(v: number): void {
    this.view.setUint32(this.pos, v >>> 0);
    this.pos += 4;
  }
  i32(v: number): void {
    this.view.setInt32(this.pos, v | 0);
    this.pos += 4;
  }
  u64(v: number | bigint): void {
    if (typeof v === 'bigint') {
      this.view.setBigUint64(this.pos, v);
    } else if (v === -1) {
      // "Unknown" durations are all ones (see Cursor.u64Duration).
      this.view.setUint32(this.pos, 0xffffffff);
      this.view.setUint32(this.pos + 4, 0xffffffff);
    } else {
      if (!Number.isSafeInteger(v) || v < 0) {
        throw isobmffError('ISOBMFF_TOO_LARGE', `Expected a 64-bit field to be a non-negative safe integer, got ${v}; pass a bigint for values above 2^53.`);
      }
      this.view.setUint32(this.pos, Math.floor(v / TWO_32));
      this.view.setUint32(this.pos + 4, v % TWO_32);
    }
    this.pos += 8;
  }
  bytes(v: Uint8Array): void {
    this.out.set(v, this.pos);
    this.pos += v.byteLength;
  }
  fourcc(v: string): void {
    for (let i = 0; i < 4; i++) this.view.setUint8(this.pos + i, v.charCodeAt(i) & 0xff);
    this.pos += 4;
  }
  zeros(n: number): void {
    this.out.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }
  cstring(v: string): void {
    this.bytes(encoder.encode(v));
    this.u8(0);
  }
  box(type: string, body: () => void): void {
    const start = this.pos;
    this.pos += 4;
    this.fourcc(type);
    body();
    this.view.setUint32(start, this.pos - start);
  }
  fullBox(type: string, version: number, flags: number, body: () => void): void {
    this.box(type, () => {
      this.u8(version);
      this.u24(flags);
      body();
    });
  }
}
