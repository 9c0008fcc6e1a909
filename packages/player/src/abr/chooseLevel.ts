/** What the ABR decision needs to know about one level. */
export interface LevelChoice {
  readonly bandwidth: number;
  readonly width?: number;
  readonly height?: number;
  readonly failed?: boolean;
}

/** Inputs of {@link chooseLevel}. */
export interface AbrState {
  readonly throughputBps: number;
  /** Seconds buffered ahead of the playhead. */
  readonly bufferSeconds: number;
  /** Buffer the player aims for (seconds). */
  readonly bufferTarget: number;
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
/** Share of the estimated throughput the throughput rule may use. */
const SAFETY = 0.8;

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
  const bufferTime = Math.max(state.bufferTarget, MIN_BUFFER_S + PER_LEVEL_S * ok.length);
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
 * The ABR decision: the throughput rule while the buffer is low (startup, after a seek or a drop), BOLA on buffer
 * occupancy once it is healthy — capped by the raw throughput so a full buffer is not spent on a level the
 * network cannot sustain.
 */
export function chooseLevel(levels: readonly LevelChoice[], state: AbrState): number {
  const byThroughput = levelForThroughput(levels, state, state.throughputBps * SAFETY);
  if (state.bufferSeconds < LOW_BUFFER_S) return byThroughput;
  const ok = allowed(levels, state);
  const byBuffer = bola(levels, ok, state);
  const ceiling = levelForThroughput(levels, state, state.throughputBps);
  return Math.max(byThroughput, Math.min(byBuffer, ceiling));
}
