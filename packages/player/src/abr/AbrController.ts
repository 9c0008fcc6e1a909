import type { Presentation, Track } from '../manifest/Presentation.js';
import type { PlayerOptions } from '../types.js';
import { chooseLevel, levelForThroughput } from './chooseLevel.js';
import type { ThroughputEstimator } from './ThroughputEstimator.js';

/** What the {@link AbrController} reads from its session. */
export interface AbrInputs {
  readonly video: HTMLVideoElement;
  readonly options: PlayerOptions;
  readonly presentation: Presentation;
  readonly estimator: ThroughputEstimator;
  /** Seconds of media to keep buffered ahead. */
  bufferTarget(): number;
}

/**
 * The track choice of one session, as hls.js' `AbrController` and audio-track controller make it: the start level,
 * the level of each next video segment (throughput, buffer, player size, a level pinned by `setQuality`, a download
 * abandoned for a lower one), and the audio rendition in the level's group (`setAudioTrack`).
 */
export class AbrController {
  /** Pinned level index (`setQuality`), or undefined for automatic choice. */
  pinned: number | undefined;
  /** Chosen audio rendition (index into the presentation's audio tracks). */
  audioIndex = 0;
  /** The level video loads now. */
  currentLevel = 0;
  readonly estimator: ThroughputEstimator;
  private readonly inputs: AbrInputs;
  private forcedBandwidth: number | undefined;
  /** The start level (option or 'auto' choice) holds for the first video segment, then ABR decides. */
  private startPending = true;

  constructor(inputs: AbrInputs) {
    this.inputs = inputs;
    this.estimator = inputs.estimator;
  }

  /** The first level: `startLevel`, else the lowest while nothing is known of the link, else the ABR choice. */
  startLevel(): Track {
    const { presentation, options } = this.inputs;
    const levels = presentation.levels;
    const start = options.startLevel;
    // 'auto' with nothing known of the link: the first segment comes from the lowest level — it arrives soonest (first
    // frame) and measures the link for the next choice (hls.js' testBandwidth does the same).
    const unknown = !this.estimator.measured && options.abr?.defaultBandwidth === undefined;
    const index = typeof start === 'number' ? Math.min(Math.max(start, 0), levels.length - 1)
      : unknown ? levelForThroughput(levels, this.state(0), 0) : chooseLevel(levels, this.state(0));
    this.currentLevel = index;
    return levels[index] as Track;
  }

  /** The audio rendition that goes with `level`: the chosen one if it is in the level's group, else the group's first. */
  audioFor(level: Track | undefined): Track | undefined {
    const tracks = this.inputs.presentation.audioTracks;
    if (tracks.length === 0 || level?.kind === 'muxed') return undefined;
    const inGroup = tracks.filter((t) => !level?.audioGroup || t.audioGroup === level.audioGroup);
    const chosen = tracks[this.audioIndex] && inGroup.includes(tracks[this.audioIndex] as Track) ? tracks[this.audioIndex] : inGroup[0] ?? tracks[0];
    this.audioIndex = chosen ? tracks.indexOf(chosen) : 0;
    return chosen;
  }

  /** The track a loop of `kind` plays now. */
  activeTrack(kind: 'video' | 'audio'): Track | undefined {
    const level = this.inputs.presentation.levels[this.currentLevel];
    return kind === 'video' ? level : this.audioFor(level);
  }

  /** The track to load next for `kind` (the ABR decision for video). */
  pickTrack(kind: 'video' | 'audio', bufferSeconds: number): Track | undefined {
    const levels = this.inputs.presentation.levels;
    if (kind === 'audio') return this.audioFor(levels[this.currentLevel]);
    let index: number;
    if (this.pinned !== undefined && !levels[this.pinned]?.failed) index = this.pinned;
    else if (this.forcedBandwidth !== undefined) {
      index = levelForThroughput(levels, this.state(bufferSeconds), this.forcedBandwidth);
      this.forcedBandwidth = undefined;
    } else if (this.startPending && levels[this.currentLevel] && !levels[this.currentLevel]?.failed) index = this.currentLevel;
    else index = chooseLevel(levels, this.state(bufferSeconds));
    this.startPending = false;
    this.currentLevel = index;
    return levels[index];
  }

  /** Overrides the choice: keep loading `track` (a level switch waits for an independent part). */
  holdLevel(track: Track): void {
    const index = this.inputs.presentation.levels.indexOf(track);
    if (index >= 0) this.currentLevel = index;
  }

  /** Whether a download that would stall playback may be abandoned (not with a pinned level). */
  abandonAllowed(): boolean {
    // Also before the first frame: a first segment that turns out too big for the link is refetched lower.
    return this.pinned === undefined && (this.inputs.options.abr?.abandon ?? true);
  }

  /** A download was abandoned: the next video segment comes from a level that fits `bandwidth`. */
  abandoned(bandwidth: number): void {
    this.forcedBandwidth = bandwidth;
  }

  private state(bufferSeconds: number) {
    const { video, options, presentation } = this.inputs;
    const capToSize = options.abr?.capToPlayerSize ?? true;
    const height = video.clientHeight * (globalThis.devicePixelRatio || 1);
    const level = presentation.levels[this.currentLevel];
    const audio = this.audioFor(level);
    // Each segment costs one request per track whose time to first byte leaves the link idle (not with LL: blocking
    // requests wait for the encoder, not for the network).
    const segmentSeconds = level?.segments?.[0]?.duration ?? 0;
    const lowLatency = presentation.live && presentation.lowLatency;
    return {
      throughputBps: this.estimator.estimate,
      recentThroughputBps: this.estimator.recent,
      // Audio shares the link with video (separate renditions only; muxed levels carry their audio).
      reservedBps: audio?.bandwidth ?? 0,
      ...(segmentSeconds > 0 && !lowLatency ? { deadTimeRatio: (this.estimator.latencyMs / 1000) * (audio ? 2 : 1) / segmentSeconds } : {}),
      bufferSeconds,
      bufferTarget: this.inputs.bufferTarget(),
      current: this.currentLevel,
      ...(options.abr?.maxBitrate ? { maxBitrate: options.abr.maxBitrate } : {}),
      ...(capToSize && height > 0 ? { maxHeight: height } : {}),
    };
  }
}
