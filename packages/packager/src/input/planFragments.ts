/** Where one output fragment starts and ends in a track's sample list (end exclusive). */
export interface FragmentPlan {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a track's samples into fragments: for video one per GOP (each starts at a sync sample; samples before the
 * first sync sample join the first fragment), for audio about `targetDuration` ticks each.
 */
export function planFragments(
  kind: 'video' | 'audio',
  sync: Uint8Array,
  durations: Uint32Array,
  targetDuration: number,
): FragmentPlan[] {
  const plans: FragmentPlan[] = [];
  const count = durations.length;
  let start = 0;
  let acc = 0;
  for (let i = 0; i < count; i++) {
    if (i > start) {
      const cut = kind === 'video' ? sync[i] === 1 : acc >= targetDuration;
      if (cut) {
        plans.push({ start, end: i });
        start = i;
        acc = 0;
      }
    }
    acc += durations[i] as number;
  }
  if (count > start) plans.push({ start, end: count });
  return plans;
}
