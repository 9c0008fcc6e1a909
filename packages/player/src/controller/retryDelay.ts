import type { PlayerOptions } from '../types.js';

/**
 * Wait before retry number `attempt` (0-based) of a segment or a live playlist refresh: `initialMs · 2^attempt`,
 * at most `maxMs` (`PlayerOptions.retryDelay`; defaults 500 ms and 4 s, like hls.js's load policies).
 */
export function retryDelayMs(options: PlayerOptions, attempt: number): number {
  const initial = options.retryDelay?.initialMs ?? 500;
  const max = options.retryDelay?.maxMs ?? 4000;
  return Math.min(max, initial * 2 ** attempt);
}
