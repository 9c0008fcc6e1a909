import type { Ladder } from '@ott/core';
import { parseLadderSpec } from '@ott/transcode';
import { usage } from '../../args.js';

/** The ladder and timing of `ott live`, checked. */
export interface LiveSettings {
  readonly ladder: Ladder;
  readonly segmentSeconds: number;
  readonly partSeconds: number;
  readonly ll: boolean;
  readonly preset: string;
  readonly graceSeconds: number;
  /** Seconds kept in live playlists; `Infinity` keeps the whole stream. */
  readonly dvrWindowSeconds: number;
}

/** Default live ladder: three rungs keep real time on two cores with x264 superfast. */
export const DEFAULT_LIVE_LADDER = '720p@2500k,360p@800k,audio@96k';

/** Reads the timing and ladder flags of `ott live`. */
export function liveSettings(values: {
  readonly ladder?: string | undefined;
  readonly 'segment-duration'?: string | undefined;
  readonly 'part-duration'?: string | undefined;
  readonly preset?: string | undefined;
  readonly grace?: string | undefined;
  readonly 'dvr-window'?: string | undefined;
  readonly ll?: boolean | undefined;
}): LiveSettings {
  const number = (flag: string, value: string | undefined, fallback: number, max: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw usage('live', `${flag} must be a number of seconds in (0, ${max}], got '${value}'`);
    return n;
  };
  const segmentSeconds = number('--segment-duration', values['segment-duration'], 2, 30);
  const partSeconds = number('--part-duration', values['part-duration'], 0.5, segmentSeconds);
  if (values.ll && segmentSeconds / partSeconds > 64) throw usage('live', '--part-duration is too small for the segment duration (at most 64 parts per segment)');
  return {
    ladder: parseLadderSpec(values.ladder ?? DEFAULT_LIVE_LADDER),
    segmentSeconds,
    partSeconds,
    ll: values.ll === true,
    preset: values.preset ?? 'superfast',
    graceSeconds: values.grace === undefined ? 10 : number('--grace', values.grace, 10, 3600),
    dvrWindowSeconds: values['dvr-window'] === undefined ? Infinity : number('--dvr-window', values['dvr-window'], 0, 86_400),
  };
}
