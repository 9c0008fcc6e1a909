/** A track's sample offsets, for ordering reads across tracks. */
export interface OffsetColumn {
  readonly offsets: Float64Array;
}

/**
 * Steps to the next sample to read: returns its track index (or -1 at the end) and leaves its sample index in
 * `sample`. Two small integers rather than one packed number, so stepping allocates nothing.
 */
export interface SampleCursor {
  next(): number;
  sample: number;
}

const TRACK = 4294967296;

/**
 * The order in which to read samples so the file is read front to back: (track index, sample index) pairs by file
 * offset. Tracks whose offsets rise (every muxer we know) are merged on the fly,
 * with no per-sample memory; others fall back to a sorted index of all samples.
 */
export function sampleReadOrder(tracks: readonly OffsetColumn[]): SampleCursor {
  const monotonic = tracks.every(({ offsets }) => {
    for (let i = 1; i < offsets.length; i++) if ((offsets[i] as number) < (offsets[i - 1] as number)) return false;
    return true;
  });
  if (monotonic) {
    const next = tracks.map(() => 0);
    const cursor: SampleCursor = { sample: -1, next: () => {
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
      if (best < 0) return -1;
      const i = next[best] as number;
      next[best] = i + 1;
      cursor.sample = i;
      return best;
    } };
    return cursor;
  }
  let total = 0;
  for (const t of tracks) total += t.offsets.length;
  const order = new Float64Array(total);
  let n = 0;
  tracks.forEach((t, k) => {
    for (let i = 0; i < t.offsets.length; i++) order[n++] = k * TRACK + i;
  });
  const offsetOf = (key: number): number => {
    const k = Math.floor(key / TRACK);
    return (tracks[k] as OffsetColumn).offsets[key - k * TRACK] as number;
  };
  order.sort((a, b) => offsetOf(a) - offsetOf(b));
  let at = 0;
  const cursor: SampleCursor = { sample: -1, next: () => {
    if (at >= order.length) return -1;
    const key = order[at++] as number;
    const k = Math.floor(key / TRACK);
    cursor.sample = key - k * TRACK;
    return k;
  } };
  return cursor;
}
