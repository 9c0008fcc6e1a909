import { concatBytes } from '@ott/core';
import type { Backpressure, CmafFragment, CmafSample, TrackInfo } from '@ott/core';

interface Pending {
  samples: CmafSample[];
  pieces: Uint8Array[];
  baseMediaDecodeTime: number;
  duration: number;
}

/**
 * Re-cuts a track's incoming sample runs into CMAF fragments: video at every sync sample (one fragment per GOP),
 * audio every `targetDuration` ticks. Composition offsets are shifted by the first sample's offset so that its
 * presentation time equals its decode time.
 */
export class FragmentRegrouper {
  readonly #track: TrackInfo;
  readonly #renditionId: string;
  readonly #targetDuration: number;
  readonly #flow: Backpressure | undefined;
  #pending: Pending | undefined;
  #shift: number | undefined;

  constructor(track: TrackInfo, renditionId: string, targetDurationSeconds: number, flow?: Backpressure) {
    this.#track = track;
    this.#renditionId = renditionId;
    this.#targetDuration = Math.max(1, Math.round(targetDurationSeconds * track.timescale));
    this.#flow = flow;
  }

  /** Adds samples whose bytes are `data` (in order) starting at `decodeTime`; returns the fragments completed. */
  push(samples: readonly CmafSample[], data: Uint8Array, decodeTime: number): CmafFragment[] {
    const out: CmafFragment[] = [];
    const video = this.#track.kind === 'video';
    this.#shift ??= samples[0]?.compositionTimeOffset ?? 0;
    const shift = this.#shift;
    let t = decodeTime;
    let offset = 0;
    let runStart = 0;
    let runOffset = 0;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i] as CmafSample;
      const p = this.#pending;
      if (p !== undefined && (video ? s.isSync : p.duration >= this.#targetDuration)) {
        if (i > runStart) p.pieces.push(data.subarray(runOffset, offset));
        out.push(this.#emit());
        runStart = i;
        runOffset = offset;
      }
      const current = (this.#pending ??= { samples: [], pieces: [], baseMediaDecodeTime: t, duration: 0 });
      current.samples.push(shift === 0 ? s : { ...s, compositionTimeOffset: s.compositionTimeOffset - shift });
      current.duration += s.duration;
      t += s.duration;
      offset += s.size;
    }
    if (this.#pending !== undefined && samples.length > runStart) this.#pending.pieces.push(data.subarray(runOffset, offset));
    return out;
  }

  /** Emits what is left at the end of input. */
  flush(): CmafFragment[] {
    return this.#pending === undefined ? [] : [this.#emit()];
  }

  #emit(): CmafFragment {
    const p = this.#pending as Pending;
    this.#pending = undefined;
    return {
      type: 'cmaf-fragment', renditionId: this.#renditionId, trackId: this.#track.id, baseMediaDecodeTime: p.baseMediaDecodeTime,
      samples: p.samples, data: concatBytes(p.pieces), ...(this.#flow ? { flow: this.#flow } : {}),
    };
  }
}

