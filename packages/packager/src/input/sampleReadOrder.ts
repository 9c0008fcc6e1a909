/** A track's sample offsets, for ordering reads across tracks. */
export interface OffsetColumn {
  readonly offsets: Float64Array;
}

/**
 * The order in which to copy samples so the file is read front to back: pairs (track index, sample index) packed
 * as `track * 2^32 + sample` in a Float64Array, sorted by file offset. Tracks whose offsets rise (every muxer we know)
 * are merged in O(n·tracks); others fall back to a sort.
 */
export function sampleReadOrder(tracks: readonly OffsetColumn[]): Float64Array {
  let total = 0;
  for (const t of tracks) total += t.offsets.length;
  const order = new Float64Array(total);
  const monotonic = tracks.every((t) => t.offsets.every((o, i, a) => i === 0 || o >= (a[i - 1] as number)));
  if (monotonic) {
    const next = tracks.map(() => 0);
    for (let n = 0; n < total; n++) {
      let best = -1;
      let bestOffset = Infinity;
      for (let k = 0; k < tracks.length; k++) {
        const i = next[k] as number;
        const col = (tracks[k] as OffsetColumn).offsets;
        if (i < col.length && (col[i] as number) < bestOffset) {
          bestOffset = col[i] as number;
          best = k;
        }
      }
      const i = next[best] as number;
      order[n] = best * 4294967296 + i;
      next[best] = i + 1;
    }
    return order;
  }
  let n = 0;
  tracks.forEach((t, k) => {
    for (let i = 0; i < t.offsets.length; i++) order[n++] = k * 4294967296 + i;
  });
  const offsetOf = (key: number): number => {
    const k = Math.floor(key / 4294967296);
    return (tracks[k] as OffsetColumn).offsets[key - k * 4294967296] as number;
  };
  return order.sort((a, b) => offsetOf(a) - offsetOf(b));
}
