/** The parts of an mpd-parser playlist that period merging reads. */
export interface PeriodPlaylist {
  /** Period@start of the (first) period the playlist comes from, seconds. */
  readonly timeline?: number;
  readonly attributes: { readonly NAME?: string; readonly BANDWIDTH?: number };
  segments?: { readonly timeline: number; readonly presentationTime?: number; readonly duration: number }[];
}

const EPSILON = 1e-3;

/** Segment start on the presentation timeline (mpd-parser's `presentationTime`, else the running sum). */
function starts(segments: NonNullable<PeriodPlaylist['segments']>): number[] {
  let time = 0;
  return segments.map((s) => {
    const start = s.presentationTime ?? time;
    time = start + s.duration;
    return start;
  });
}

/**
 * One playlist per Representation across all Periods (ISO/IEC 23009-1 §5.3.2), for a player that sees levels, not
 * periods. mpd-parser merges the periods of a Representation only when they share a base URL, so Periods under
 * their own `<BaseURL>` (ad insertion, stitched VODs) come back as separate playlists: each level of the first Period
 * gets the segments of the Representation with the same `@id` in every later Period, else the one of the same
 * bandwidth rank. Segments that start at or after the next Period's start belong to no period (media longer than
 * its Period) and are dropped. SegmentBase playlists (segments from a `sidx`) are left as they are.
 */
export function mergePeriods<T extends PeriodPlaylist>(playlists: readonly T[], periodStarts: readonly number[]): T[] {
  const next = (start: number): number => periodStarts.filter((s) => s > start + EPSILON).reduce((a, b) => Math.min(a, b), Infinity);
  const trimmed = playlists.map((p): T => {
    if (!p.segments) return p;
    const times = starts(p.segments);
    return { ...p, segments: p.segments.filter((s, i) => (times[i] ?? 0) < next(s.timeline) - EPSILON) };
  });
  const byPeriod = new Map<number, T[]>();
  for (const p of trimmed) {
    const key = p.timeline ?? p.segments?.[0]?.timeline ?? 0;
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), p]);
  }
  if (byPeriod.size < 2 || trimmed.some((p) => !p.segments)) return trimmed;
  const bandwidth = (p: T): number => p.attributes.BANDWIDTH ?? 0;
  const [first = [], ...rest] = [...byPeriod.entries()].sort(([a], [b]) => a - b).map(([, list]) => [...list].sort((x, y) => bandwidth(x) - bandwidth(y)));
  const merged = first.map((p) => ({ ...p, segments: [...(p.segments ?? [])] }));
  for (const period of rest) {
    merged.forEach((level, rank) => {
      const source = period.find((p) => p.attributes.NAME !== undefined && p.attributes.NAME === level.attributes.NAME) ?? period[Math.min(rank, period.length - 1)];
      level.segments.push(...(source?.segments ?? []));
    });
  }
  return merged;
}
