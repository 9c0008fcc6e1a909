/**
 * Joins byte views into one. Views that are already adjacent in the same buffer (consecutive `trun`s of one `mdat`,
 * say) are returned as one view without copying; otherwise the bytes are copied once into a new array.
 *
 * @example
 * ```ts
 * declare const mdat: Uint8Array;
 * concatBytes([mdat.subarray(0, 10), mdat.subarray(10, 30)]); // a view of mdat[0..30], no copy
 * ```
 */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  const first = pieces[0];
  if (first === undefined) return new Uint8Array(0);
  if (pieces.length === 1) return first;
  let adjacent = true;
  let total = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as Uint8Array;
    total += piece.byteLength;
    if (i > 0) {
      const previous = pieces[i - 1] as Uint8Array;
      adjacent &&= piece.buffer === first.buffer && piece.byteOffset === previous.byteOffset + previous.byteLength;
    }
  }
  if (adjacent) return new Uint8Array(first.buffer, first.byteOffset, total);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  return out;
}
