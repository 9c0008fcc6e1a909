/**
 * Where box writers put bytes. Writers run twice over the same code: once against a {@link SizeCounter} to learn
 * the total size, then against a {@link DataViewSink} over a buffer allocated once with that size.
 */
export interface ByteSink {
  u8(v: number): void;
  u16(v: number): void;
  i16(v: number): void;
  u24(v: number): void;
  u32(v: number): void;
  i32(v: number): void;
  /** Unsigned 64-bit; numbers must be safe integers. */
  u64(v: number | bigint): void;
  bytes(v: Uint8Array): void;
  fourcc(v: string): void;
  /** Zero bytes. */
  zeros(n: number): void;
  /** A NUL-terminated UTF-8 string. */
  cstring(v: string): void;
  /** A box: 8-byte header whose size is patched after `body` ran. */
  box(type: string, body: () => void): void;
  /** A full box: box header + version + 24-bit flags. */
  fullBox(type: string, version: number, flags: number, body: () => void): void;
}
