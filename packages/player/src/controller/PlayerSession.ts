import { chooseLevel, levelForThroughput } from '../abr/chooseLevel.js';
import type { ThroughputEstimator } from '../abr/ThroughputEstimator.js';
import { EmeController } from '../eme/EmeController.js';
import { PlayerError } from '../errors/PlayerError.js';
import { resolveSegments } from '../manifest/loadPresentation.js';
import type { Presentation, SegmentRef, Track } from '../manifest/Presentation.js';
import type { InitInfo } from '../mp4/readInit.js';
import { openMediaSource } from '../mse/openMediaSource.js';
import { setLiveWindow } from '../mse/setLiveWindow.js';
import { SourceBufferQueue } from '../mse/SourceBufferQueue.js';
import { withCmcd } from '../qoe/cmcd.js';
import { InitCache } from '../loader/InitCache.js';
import type { LoadedInit } from '../loader/InitCache.js';
import type { LivePayload, PlayerOptions } from '../types.js';
import { LiveClock } from './LiveClock.js';
import { LiveTargets } from './LiveTargets.js';
import type { LoopContext } from './LoopContext.js';
import { TimelineOffsets } from './TimelineOffsets.js';
import { mimeOf } from './mimeOf.js';
import { refreshLive } from './refreshLive.js';
import { seekToStart } from './seekToStart.js';
import type { RefreshContext } from './refreshLive.js';
import { StreamLoop } from './StreamLoop.js';

/** Callbacks from a session to the player handle. */
export interface SessionHooks {
  warn(error: PlayerError): void;
  fail(error: PlayerError): void;
  /** A live transition: a new discontinuity/period appended, or the live stream ended. */
  live(reason: LivePayload['reason']): void;
}

/**
 * One loaded presentation on one media element: MediaSource, one {@link StreamLoop} per SourceBuffer, EME and the
 * ABR state. `destroy()` releases all of it (SourceBuffers removed, MediaSource detached, MediaKeys cleared).
 */
export class PlayerSession implements LoopContext, RefreshContext {
  readonly loops: StreamLoop[] = [];
  /** Pinned level index, or undefined for ABR. */
  pinned: number | undefined;
  audioIndex = 0;
  currentLevel = 0;
  private mediaSource: MediaSource | undefined;
  private readonly eme: EmeController;
  private readonly inits = new InitCache();
  private readonly offsets = new TimelineOffsets();
  private readonly clock: LiveClock;
  /** Live latency target, maximum and catch-up rates. */
  readonly targets: LiveTargets;
  private readonly aborter = new AbortController();
  private waiters: (() => void)[] = [];
  private forcedBandwidth: number | undefined;
  private destroyed = false;
  private started = false;
  private initialPosition = 0;
  private readonly cmcdSession = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : String(Math.random()).slice(2);
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    readonly video: HTMLVideoElement,
    readonly options: PlayerOptions,
    readonly presentation: Presentation,
    readonly estimator: ThroughputEstimator,
    private readonly hooks: SessionHooks,
  ) {
    this.eme = new EmeController(video, options.drm ?? {}, (e) => (e.fatal ? this.fail(e) : this.warn(e)));
    this.clock = new LiveClock(presentation);
    this.targets = new LiveTargets(options, presentation);
  }

  get stopped(): boolean {
    return this.destroyed;
  }

  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  /** Opens MediaSource, reads the first init segments, creates SourceBuffers and starts the loops. */
  async start(startTime?: number): Promise<void> {
    if (typeof MediaSource === 'undefined') {
      throw new PlayerError('MSE_UNSUPPORTED', 'This browser has no MediaSource Extensions; @ott/player needs MSE (or ManagedMediaSource).', { stage: 'mse' });
    }
    const p = this.presentation;
    const level = p.levels.length > 0 ? this.startLevel() : undefined;
    const audio = this.audioFor(level);
    await Promise.all([level, audio].map((t) => (t ? resolveSegments(t, p) : undefined)));
    const targets = [level && { kind: 'video' as const, track: level }, audio && { kind: 'audio' as const, track: audio }].filter((t) => t !== undefined);
    const inits = await Promise.all(targets.map(async ({ track }) => this.inits.first(track)));
    const mediaSource = await openMediaSource(this.video);
    this.mediaSource = mediaSource;
    if (this.destroyed) return;
    if (!p.live && p.duration > 0) mediaSource.duration = p.duration;
    if (p.live) mediaSource.duration = Infinity;
    const encrypted = inits.some((i) => i.info.tracks.some((t) => t.defaultKid)) || p.protection.length > 0;
    if (encrypted || this.eme.enabled) {
      const video = inits.find((_, i) => targets[i]?.kind === 'video');
      const audioInit = inits.find((_, i) => targets[i]?.kind === 'audio');
      await this.eme.attach({
        ...(video ? { video: mimeOf(video.info, 'video') } : {}),
        ...(audioInit ? { audio: mimeOf(audioInit.info, 'audio') } : {}),
      }, p.protection);
    }
    targets.forEach(({ kind }, i) => {
      const init = inits[i] as LoadedInit;
      const mime = mimeOf(init.info, kind);
      if (!MediaSource.isTypeSupported(mime)) {
        throw new PlayerError('MSE_UNSUPPORTED', `This browser's MSE does not support ${mime}. Provide a rendition in a supported codec (H.264/AAC plays everywhere).`, { stage: 'mse', details: { mime } });
      }
      this.loops.push(new StreamLoop(kind, new SourceBufferQueue(mediaSource.addSourceBuffer(mime), mime), this));
    });
    this.initialPosition = startTime ?? this.options.startTime ?? 0;
    if (p.live) {
      const track = level ?? audio;
      this.initialPosition = Math.max(track?.segments?.[0]?.start ?? 0, (this.clock.edge(track) ?? 0) - this.targets.startDistance());
      this.updateSeekable();
    }
    seekToStart(this.video, this.initialPosition, () => this.destroyed);
    this.started = true;
    for (const loop of this.loops) void loop.run();
    if (p.live) void refreshLive(this);
  }

  /** The track a loop of `kind` plays now (for live refresh and latency). */
  activeTrack(kind: 'video' | 'audio'): Track | undefined {
    const level = this.presentation.levels[this.currentLevel];
    return kind === 'video' ? level : this.audioFor(level);
  }

  /** Seconds between the live edge and the playhead (undefined when not live). */
  edgeDistance(): number | undefined {
    if (!this.presentation.live) return undefined;
    return this.clock.distance(this.activeTrack('video') ?? this.activeTrack('audio'), this.video.currentTime);
  }

  /** Wall-clock latency of the frame on screen, seconds (undefined when not live). */
  liveLatency(): number | undefined {
    if (!this.presentation.live) return undefined;
    return this.clock.latency(this.activeTrack('video') ?? this.activeTrack('audio'), this.video.currentTime);
  }

  serverNow(): number {
    return this.clock.now();
  }

  /** The live stream ended: stop steering latency, let the loops run to the end of the final lists. */
  ended(): void {
    const p = this.presentation;
    if (p.liveEnded) return;
    p.live = false;
    p.liveEnded = true;
    if (p.format === 'hls') {
      const ends = [this.activeTrack('video'), this.activeTrack('audio')].map((t) => t?.segments?.filter((s) => !s.partial).pop()).map((s) => (s ? s.start + s.duration : 0));
      p.duration = Math.max(0, ...ends);
    }
    this.video.playbackRate = 1;
    this.updateSeekable();
    this.hooks.live('ended');
    this.wake();
  }

  private startLevel(): Track {
    const levels = this.presentation.levels;
    const start = this.options.startLevel;
    const index = typeof start === 'number' ? Math.min(Math.max(start, 0), levels.length - 1) : levelForThroughput(levels, this.abrState(0), this.estimator.estimate * 0.8);
    this.currentLevel = index;
    return levels[index] as Track;
  }

  private audioFor(level: Track | undefined): Track | undefined {
    const tracks = this.presentation.audioTracks;
    if (tracks.length === 0 || level?.kind === 'muxed') return undefined;
    const inGroup = tracks.filter((t) => !level?.audioGroup || t.audioGroup === level.audioGroup);
    const chosen = tracks[this.audioIndex] && inGroup.includes(tracks[this.audioIndex] as Track) ? tracks[this.audioIndex] : inGroup[0] ?? tracks[0];
    this.audioIndex = chosen ? tracks.indexOf(chosen) : 0;
    return chosen;
  }

  private abrState(bufferSeconds: number) {
    const capToSize = this.options.abr?.capToPlayerSize ?? true;
    const height = this.video.clientHeight * (globalThis.devicePixelRatio || 1);
    return {
      throughputBps: this.estimator.estimate,
      bufferSeconds,
      bufferTarget: this.bufferTarget(),
      current: this.currentLevel,
      ...(this.options.abr?.maxBitrate ? { maxBitrate: this.options.abr.maxBitrate } : {}),
      ...(capToSize && height > 0 ? { maxHeight: height } : {}),
    };
  }

  pickTrack(kind: 'video' | 'audio', bufferSeconds: number): Track | undefined {
    if (kind === 'audio') return this.audioFor(this.presentation.levels[this.currentLevel]);
    const levels = this.presentation.levels;
    let index: number;
    if (this.pinned !== undefined && !levels[this.pinned]?.failed) index = this.pinned;
    else if (this.forcedBandwidth !== undefined) {
      index = levelForThroughput(levels, this.abrState(bufferSeconds), this.forcedBandwidth);
      this.forcedBandwidth = undefined;
    } else index = chooseLevel(levels, this.abrState(bufferSeconds));
    this.currentLevel = index;
    return levels[index];
  }

  holdLevel(track: Track): void {
    const index = this.presentation.levels.indexOf(track);
    if (index >= 0) this.currentLevel = index;
  }

  startPosition(segments: readonly SegmentRef[]): number {
    const time = this.video.currentTime;
    if (this.video.seeking || this.started) return Math.max(time, segments[0]?.start ?? 0);
    return this.initialPosition;
  }

  bufferTarget(): number {
    const target = this.options.bufferTarget ?? 30;
    return this.presentation.live ? Math.min(target, Math.max(this.targets.target() + 2, 6)) : target;
  }

  request(url: string, kind: 'video' | 'audio', track: Track): { url: string; headers: Record<string, string> } {
    const cmcd = this.options.cmcd;
    if (!cmcd) return { url, headers: {} };
    const config = cmcd === true ? {} : cmcd;
    const top = this.presentation.levels[this.presentation.levels.length - 1];
    return withCmcd(config, config.sessionId ?? this.cmcdSession, url, {
      objectType: track.kind === 'muxed' ? 'av' : kind === 'video' ? 'v' : 'a',
      bitrateKbps: track.bandwidth / 1000,
      throughputKbps: this.estimator.estimate / 1000,
      bufferMs: 1000 * Math.max(0, (this.video.buffered.length ? this.video.buffered.end(this.video.buffered.length - 1) : 0) - this.video.currentTime),
      ...(kind === 'video' && top ? { topBitrateKbps: top.bandwidth / 1000 } : {}),
      startup: !this.video.played.length,
      live: this.presentation.live,
      format: this.presentation.format,
    });
  }

  init(track: Track, segment: SegmentRef): Promise<LoadedInit> {
    return this.inits.get(track, segment);
  }

  mimeOf(info: InitInfo, kind: 'video' | 'audio'): string {
    return mimeOf(info, kind);
  }

  async encrypted(track: Track, info: InitInfo): Promise<void> {
    const kid = info.tracks.find((t) => t.defaultKid)?.defaultKid;
    if (!kid && info.pssh.length === 0) return;
    try {
      await this.eme.requestForTrack(kid, info.pssh, [...track.protection, ...this.presentation.protection]);
    } catch (error) {
      const e = error instanceof PlayerError ? error : new PlayerError('DRM_FAILED', String(error), { stage: 'eme', cause: error });
      if (e.fatal) this.fail(e); else this.warn(e);
    }
  }

  timestampOffset(segment: SegmentRef, info: InitInfo, decodeTimes: ReadonlyMap<number, number>): number {
    const live = this.presentation.live || this.presentation.liveEnded === true;
    const { offset, isNew } = this.offsets.offsetFor(segment, info, decodeTimes, live);
    if (isNew && live) this.hooks.live('discontinuity');
    return offset;
  }

  abandonAllowed(): boolean {
    return this.pinned === undefined && (this.options.abr?.abandon ?? true) && this.video.readyState >= 2;
  }

  abandoned(bandwidth: number): void {
    this.forcedBandwidth = bandwidth;
    this.warn(new PlayerError('SEGMENT_LOAD_FAILED', `Abandoned a video download that would stall playback; refetching at ≤ ${Math.round(bandwidth / 1000)} kbit/s.`, { stage: 'loader', fatal: false }));
  }

  maybeEnd(): void {
    const ms = this.mediaSource;
    if (!ms || ms.readyState !== 'open' || !this.loops.every((l) => l.ended)) return;
    void Promise.all(this.loops.map((l) => l.queue.change(() => undefined))).then(() => {
      if (ms.readyState === 'open' && this.loops.every((l) => l.ended) && this.loops.every((l) => !l.queue.buffer.updating)) {
        try {
          ms.endOfStream();
        } catch {
          // a loop started appending again (seek back): the next end will close the stream
        }
      }
    });
  }

  tick(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Live: the listed window is seekable (see {@link setLiveWindow}). */
  updateSeekable(): void {
    const track = this.activeTrack('video') ?? this.activeTrack('audio');
    const first = track?.segments?.[0];
    const edge = this.clock.edge(track);
    if (first && edge !== undefined) setLiveWindow(this.mediaSource, this.presentation.live ? { start: first.start, end: edge } : undefined);
  }

  /** A live refresh brought new segments: let the loops look, move the seekable window. */
  refreshed(): void {
    this.updateSeekable();
    this.wake();
  }

  /** Lets every waiting loop take one step. */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  warn(error: PlayerError): void {
    if (!this.destroyed) this.hooks.warn(error);
  }

  fail(error: PlayerError): void {
    if (this.destroyed) return;
    for (const loop of this.loops) loop.stop();
    this.hooks.fail(error);
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.aborter.abort();
    for (const loop of this.loops) loop.stop();
    this.wake();
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    const ms = this.mediaSource;
    for (const loop of this.loops) {
      loop.queue.dispose();
      try {
        if (ms?.readyState === 'open') loop.queue.buffer.abort();
        ms?.removeSourceBuffer(loop.queue.buffer);
      } catch {
        // already detached
      }
    }
    this.loops.length = 0;
    this.mediaSource = undefined;
    this.video.removeAttribute('src');
    this.video.load();
    await this.eme.destroy();
  }
}
