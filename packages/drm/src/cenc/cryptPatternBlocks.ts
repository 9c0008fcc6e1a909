/**
 * Applies a cipher to the pattern-encrypted blocks of one range (ISO/IEC 23001-7 §10.4, cbcs: `crypt` blocks
 * encrypted, then `skip` blocks clear, repeated). The encrypted blocks are gathered into one buffer so the cipher runs
 * once per range — one call per 16-byte block is ~5× slower — and the result is scattered back in place.
 *
 * @param scratch returns a reusable buffer of at least `size` bytes (its contents are overwritten)
 * @param transform the chained CBC cipher over the gathered blocks; returns as many bytes as it is given
 */
export function cryptPatternBlocks(
  data: Uint8Array,
  start: number,
  blocks: number,
  crypt: number,
  skip: number,
  scratch: (size: number) => Uint8Array,
  transform: (gathered: Uint8Array) => Uint8Array,
): void {
  const period = crypt + skip;
  let encrypted = 0;
  for (let b = 0; b < blocks; b += period) encrypted += Math.min(crypt, blocks - b);
  const buf = scratch(encrypted * 16).subarray(0, encrypted * 16);
  // Byte loops, not subarray()+set(): a view object per 16-byte block made the garbage collector the bottleneck.
  let q = 0;
  for (let b = 0; b < blocks; b += period) {
    const n = Math.min(crypt, blocks - b) * 16;
    const from = start + b * 16;
    for (let i = 0; i < n; i++) buf[q + i] = data[from + i] as number;
    q += n;
  }
  const out = transform(buf);
  q = 0;
  for (let b = 0; b < blocks; b += period) {
    const n = Math.min(crypt, blocks - b) * 16;
    const to = start + b * 16;
    for (let i = 0; i < n; i++) data[to + i] = out[q + i] as number;
    q += n;
  }
}
