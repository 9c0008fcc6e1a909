/** What the ABR decision needs to know about one level. */
export interface LevelChoice {
  readonly bandwidth: number;
  readonly width?: number;
  readonly height?: number;
  readonly failed?: boolean;
}

/** Inputs of {@link chooseLevel}. */
export interface AbrState {
  /** Estimated throughput of the whole link (bits/s), conservative: quick to fall, slower to rise. */
  readonly throughputBps: number;
  /**
   * A quicker estimate (bits/s) for climbing while the buffer is healthy (the estimator's fast average); defaults to
   * `throughputBps`.
   */
  readonly recentThroughputBps?: number;
  /**
   * Bits/s the link also carries for other tracks downloaded alongside the video (the audio rendition's bandwidth):
   * the video level must fit in what is left.
   */
  readonly reservedBps?: number;
  /**
   * Share of a segment's duration the link spends waiting for first bytes (the requests of one segment per track ×
   * TTFB / segment duration): that time carries no bytes, so the throughput rule discounts it (as dash.js does).
   */
  readonly deadTimeRatio?: number;
  /** Seconds buffered ahead of the playhead. */
  readonly bufferSeconds: number;
  /** Buffer the player aims for (seconds). */
  readonly bufferTarget: number;
  /** Index of the level loaded last (BOLA-O keeps it rather than climb to a level the network cannot sustain). */
  readonly current: number;
  readonly maxBitrate?: number;
  /** Largest useful height (player size × devicePixelRatio); undefined for no cap. */
  readonly maxHeight?: number;
}

/** Below this buffer level the throughput rule decides; above, buffer occupancy (BOLA) does. */
const LOW_BUFFER_S = 8;
/** BOLA's minimum buffer (dash.js MINIMUM_BUFFER_S) and extra buffer per level. */
const MIN_BUFFER_S = 10;
const PER_LEVEL_S = 2;
/**
 * BOLA's buffer scale: the stable buffer (dash.js `bufferTimeDefault`, 18 s), not the larger buffer the player may
 * fill when the network allows (the 30 s `bufferTarget`, like dash.js `bufferTimeAtTopQuality`): the top level is
 * wanted from about this level on, lower levels below it.
 */
const STABLE_BUFFER_S = 18;
/** Share of the estimated throughput the throughput rule may use (dash.js `bandwidthSafetyFactor`). */
const SAFETY = 0.9;

/** Indices of the levels allowed by caps and not failed; never empty if any level is alive. */
function allowed(levels: readonly LevelChoice[], state: AbrState): number[] {
  const alive = levels.map((_, i) => i).filter((i) => !levels[i]?.failed);
  let capped = alive.filter((i) => (state.maxBitrate === undefined || (levels[i]?.bandwidth ?? 0) <= state.maxBitrate));
  if (state.maxHeight !== undefined) {
    // Like hls.js capLevelToPlayerSize: the smallest level at least as tall as the player is the top.
    const tall = capped.filter((i) => (levels[i]?.height ?? 0) >= (state.maxHeight ?? 0));
    const top = tall.length > 0 ? tall[0] : capped[capped.length - 1];
    capped = capped.filter((i) => top === undefined || i <= top);
  }
  return capped.length > 0 ? capped : alive.slice(0, 1);
}

/** Highest allowed level whose bandwidth fits `bps`, or the lowest allowed. */
export function levelForThroughput(levels: readonly LevelChoice[], state: AbrState, bps: number): number {
  const ok = allowed(levels, state);
  let best = ok[0] ?? 0;
  for (const i of ok) if ((levels[i]?.bandwidth ?? 0) <= bps) best = i;
  return best;
}

/**
 * BOLA (Spiteri et al., "BOLA: Near-Optimal Bitrate Adaptation for Online Videos", 2016), as in dash.js:
 * maximise `(V·(u_m + γp) − Q) / S_m` with logarithmic utilities `u_m`, buffer level `Q`.
 */
function bola(levels: readonly LevelChoice[], ok: readonly number[], state: AbrState): number {
  const first = ok[0] ?? 0;
  const base = Math.max(levels[first]?.bandwidth ?? 1, 1);
  const utilities = ok.map((i) => Math.log(Math.max(levels[i]?.bandwidth ?? 1, 1) / base) + 1);
  const bufferTime = Math.max(Math.min(state.bufferTarget, STABLE_BUFFER_S), MIN_BUFFER_S + PER_LEVEL_S * ok.length);
  const top = utilities[utilities.length - 1] ?? 1;
  const gp = top > 1 ? (top - 1) / (bufferTime / MIN_BUFFER_S - 1) : 1;
  const vp = MIN_BUFFER_S / gp;
  let best = first;
  let bestScore = -Infinity;
  ok.forEach((index, k) => {
    const score = (vp * ((utilities[k] ?? 1) + gp) - state.bufferSeconds) / Math.max(levels[index]?.bandwidth ?? 1, 1);
    if (score >= bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}

/**
 * Throughput left for video (bits/s): the link estimate less what the other tracks need, over the time the link
 * actually carries bytes (the dead time before first bytes is discounted, at most half of it).
 */
export function videoThroughput(state: AbrState): number {
  const busy = 1 - Math.min(Math.max(state.deadTimeRatio ?? 0, 0), 0.5);
  return Math.max(state.throughputBps * busy - (state.reservedBps ?? 0), 0);
}

/**
 * The ABR decision, like dash.js' DYNAMIC strategy: the throughput rule (90 % of the throughput left for video)
 * while the buffer is low (startup, after a seek or a drop), BOLA on buffer occupancy once it is healthy. BOLA is
 * used in its BOLA-O form: it may climb above the level loaded last only to a level the recent throughput (the fast
 * average) sustains, with no safety margin (the buffer is the margin); otherwise it keeps the last level, so a full
 * buffer is spent on quality instead of following every dip of the estimate. It steps down when the buffer drains
 * below the level's BOLA threshold, and never below what the throughput rule would choose.
 */
export function chooseLevel(levels: readonly LevelChoice[], state: AbrState): number {
  const available = videoThroughput(state);
  const byThroughput = levelForThroughput(levels, state, available * SAFETY);
  if (state.bufferSeconds < LOW_BUFFER_S) return byThroughput;
  const ok = allowed(levels, state);
  let byBuffer = bola(levels, ok, state);
  if (byBuffer > state.current) {
    // With a healthy buffer, the fast average tells soon enough that the link got better; the buffer absorbs a miss.
    const recent = videoThroughput({ ...state, throughputBps: Math.max(state.recentThroughputBps ?? 0, state.throughputBps) });
    const sustainable = levelForThroughput(levels, state, recent);
    // Oscillation guard (BOLA-O, Spiteri et al. 2018, as dash.js): climb only as far as the network sustains.
    if (byBuffer > sustainable) byBuffer = Math.max(sustainable, ok.includes(state.current) ? state.current : sustainable);
  }
  return Math.max(byThroughput, byBuffer);
}
