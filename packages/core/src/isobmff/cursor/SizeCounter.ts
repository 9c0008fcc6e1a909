import type { ByteSink } from './ByteSink.js';

const encoder = new TextEncoder();

/** A {@link ByteSink} that only counts bytes: the first pass of every writer. */
export class SizeCounter implements ByteSink {
  size = 0;
  u8(): void {
    this.size += 1;
  }
  u16(): void {
    this.size += 2;
  }
  i16(): void {
    this.size += 2;
  }
  u24(): void {
    this.size += 3;
  }
  u32(): void {
    this.size += 4;
  }
  i32(): void {
    this.size += 4;
  }
  u64(): void {
    this.size += 8;
  }
  bytes(v: Uint8Array): void {
    this.size += v.byteLength;
  }
  fourcc(): void {
    this.size += 4;
  }
  zeros(n: number): void {
    this.size += n;
  }
  cstring(v: string): void {
    this.size += encoder.encode(v).byteLength + 1;
  }
  box(_type: string, body: () => void): void {
    this.size += 8;
    body();
  }
  fullBox(_type: string, _version: number, _flags: number, body: () => void): void {
    this.size += 12;
    body();
  }
}
