import type { Presentation } from '../manifest/Presentation.js';
import type { PlayerOptions } from '../types.js';

/**
 * Live latency targets from the options, else the manifest (LL-HLS PART-HOLD-BACK / HLS HOLD-BACK, DASH
 * ServiceDescription and suggestedPresentationDelay), else defaults.
 */
export class LiveTargets {
  constructor(private readonly options: PlayerOptions, private readonly presentation: Presentation) {}

  /** Distance to the live edge to aim for. */
  target(): number {
    const p = this.presentation;
    return this.options.live?.targetLatency ?? p.targetLatency ?? 3 * (p.levels[0]?.targetDuration ?? 2);
  }

  /** Beyond this distance to the live edge the player seeks back to the target instead of speeding up. */
  max(): number {
    const target = this.target();
    return this.options.live?.maxLatency ?? this.presentation.maxLatency ?? Math.max(2 * target, target + 3);
  }

  /** Playback-rate bounds of the catch-up: options, else the MPD's ServiceDescription, else 0.95–1.05. */
  rates(): { min: number; max: number } {
    const live = this.options.live;
    const manifest = this.presentation.playbackRates;
    return { min: live?.minPlaybackRate ?? manifest?.min ?? 0.95, max: live?.maxPlaybackRate ?? manifest?.max ?? 1.05 };
  }

  /** Where to start on a live edge: the target distance, never closer than PART-HOLD-BACK / HOLD-BACK (RFC 8216bis §4.4.3.8). */
  startDistance(): number {
    return Math.max(this.target(), this.presentation.holdBack ?? 0);
  }
}
