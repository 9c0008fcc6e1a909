import { chooseLevel, levelForThroughput } from '../abr/chooseLevel.js';
import type { ThroughputEstimator } from '../abr/ThroughputEstimator.js';
import { EmeController } from '../eme/EmeController.js';
import { PlayerError } from '../errors/PlayerError.js';
import { resolveSegments } from '../manifest/loadPresentation.js';
import type { Presentation, SegmentRef, Track } from '../manifest/Presentation.js';
import type { InitInfo } from '../mp4/readInit.js';
import type { CmcdSession } from '../qoe/CmcdSession.js';
import { DownloadQueue } from '../loader/DownloadQueue.js';
import { InitCache } from '../loader/InitCache.js';
import type { LoadedInit } from '../loader/InitCache.js';
import type { LivePayload, PlayerOptions } from '../types.js';
import { LiveTargets } from './LiveTargets.js';
import { LiveView } from './LiveView.js';
import type { LoopContext } from './LoopContext.js';
import { TimelineOffsets } from './TimelineOffsets.js';
import { bufferedAhead } from './findSegment.js';
import { mimeOf } from './mimeOf.js';
import { refreshLive } from './refreshLive.js';
import { seekToStart } from './seekToStart.js';
import type { RefreshContext } from './refreshLive.js';
import { Scheduler } from './Scheduler.js';
import { SessionMedia } from './SessionMedia.js';
import { StreamLoop } from './StreamLoop.js';

/** Callbacks from a session to the player handle. */
export interface SessionHooks {
  warn(error: PlayerError): void;
  fail(error: PlayerError): void;
  /** A live transition: a new discontinuity/period appended, or the live stream ended. */
  live(reason: LivePayload['reason']): void;
}

/**
 * One loaded presentation on one media element: the track choice (ABR level, audio language) and one
 * {@link StreamLoop} per SourceBuffer with the {@link LoopContext} they run in. Its parts: {@link SessionMedia}
 * (MediaSource), {@link LiveView} (live edge, latency, end), {@link Scheduler} (wake-ups), `EmeController`, `InitCache`
 * and CMCD. `destroy()` releases all of it (SourceBuffers removed, MediaSource detached, MediaKeys cleared).
 */
export class PlayerSession implements LoopContext, RefreshContext {
  readonly loops: StreamLoop[] = [];
  /** Pinned level index, or undefined for ABR. */
  pinned: number | undefined;
  audioIndex = 0;
  currentLevel = 0;
  private readonly media: SessionMedia;
  private readonly eme: EmeController;
  private readonly inits: InitCache;
  readonly downloads = new DownloadQueue();
  private readonly offsets = new TimelineOffsets();
  /** Live edge distance, latency, seekable window and end. */
  readonly live: LiveView;
  /** Live latency target, maximum and catch-up rates. */
  readonly targets: LiveTargets;
  private readonly aborter = new AbortController();
  private readonly scheduler = new Scheduler();
  private forcedBandwidth: number | undefined;
  /** The start level (option or 'auto' choice) holds for the first video segment, then ABR decides. */
  private startPending = true;
  private destroyed = false;
  private started = false;
  private initialPosition = 0;

  constructor(
    readonly video: HTMLVideoElement,
    readonly options: PlayerOptions,
    readonly presentation: Presentation,
    readonly estimator: ThroughputEstimator,
    private readonly hooks: SessionHooks,
    private readonly cmcd?: CmcdSession,
  ) {
    this.media = new SessionMedia(video);
    this.inits = new InitCache(presentation.request);
    this.eme = new EmeController(video, options.drm ?? {}, (e) => (e.fatal ? this.fail(e) : this.warn(e)));
    this.live = new LiveView(video, presentation, this.media, () => [this.activeTrack('video'), this.activeTrack('audio')]);
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
    SessionMedia.assertSupported();
    const p = this.presentation;
    const level = p.levels.length > 0 ? this.startLevel() : undefined;
    const audio = this.audioFor(level);
    await Promise.all([level, audio].map((t) => (t ? resolveSegments(t, p) : undefined)));
    const targets = [level && { kind: 'video' as const, track: level }, audio && { kind: 'audio' as const, track: audio }].filter((t) => t !== undefined);
    const inits = await Promise.all(targets.map(async ({ track }) => this.inits.first(track)));
    await this.media.open(p);
    if (this.destroyed) return;
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
      this.loops.push(new StreamLoop(kind, this.media.addBuffer(mimeOf(init.info, kind)), this));
    });
    this.initialPosition = startTime ?? this.options.startTime ?? 0;
    if (p.live) {
      this.initialPosition = this.live.startPosition(this.targets.startDistance());
      this.live.updateSeekable();
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

  serverNow(): number {
    return this.live.now();
  }

  /** The live stream ended: stop steering latency, let the loops run to the end of the final lists. */
  ended(): void {
    if (!this.live.end()) return;
    this.hooks.live('ended');
    this.wake();
  }

  private startLevel(): Track {
    const levels = this.presentation.levels;
    const start = this.options.startLevel;
    // 'auto' with nothing known of the link: the first segment comes from the lowest level — it arrives soonest (first
    // frame) and measures the link for the next choice (hls.js' testBandwidth does the same).
    const unknown = !this.estimator.measured && this.options.abr?.defaultBandwidth === undefined;
    const index = typeof start === 'number' ? Math.min(Math.max(start, 0), levels.length - 1)
      : unknown ? levelForThroughput(levels, this.abrState(0), 0) : chooseLevel(levels, this.abrState(0));
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
    const level = this.presentation.levels[this.currentLevel];
    const audio = this.audioFor(level);
    // Each segment costs one request per track whose time to first byte leaves the link idle (not with LL: blocking
    // requests wait for the encoder, not for the network).
    const segmentSeconds = level?.segments?.[0]?.duration ?? 0;
    const lowLatency = this.presentation.live && this.presentation.lowLatency;
    return {
      throughputBps: this.estimator.estimate,
      recentThroughputBps: this.estimator.recent,
      // Audio shares the link with video (separate renditions only; muxed levels carry their audio).
      reservedBps: audio?.bandwidth ?? 0,
      ...(segmentSeconds > 0 && !lowLatency ? { deadTimeRatio: (this.estimator.latencyMs / 1000) * (audio ? 2 : 1) / segmentSeconds } : {}),
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
    } else if (this.startPending && levels[this.currentLevel] && !levels[this.currentLevel]?.failed) index = this.currentLevel;
    else index = chooseLevel(levels, this.abrState(bufferSeconds));
    this.startPending = false;
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

  request(url: string, kind: 'video' | 'audio', track: Track, segment: SegmentRef): { url: string; headers: Record<string, string> } {
    const loop = this.loops.find((l) => l.kind === kind);
    const buffer = loop ? bufferedAhead(loop.queue.ranges(), this.video.currentTime) : 0;
    return this.cmcd?.segment(url, kind, track, segment.duration, buffer) ?? { url, headers: {} };
  }

  init(track: Track, segment: SegmentRef): Promise<LoadedInit> {
    return this.inits.get(track, segment);
  }

  mimeOf(info: InitInfo, kind: 'video' | 'audio'): string {
    return mimeOf(info, kind);
  }

  encrypted(track: Track, info: InitInfo): Promise<void> {
    return this.eme.openForInit(info, [...track.protection, ...this.presentation.protection]);
  }

  timestampOffset(segment: SegmentRef, info: InitInfo, decodeTimes: ReadonlyMap<number, number>): number {
    const live = this.presentation.live || this.presentation.liveEnded === true;
    const { offset, isNew } = this.offsets.offsetFor(segment, info, decodeTimes, live);
    if (isNew && live) this.hooks.live('discontinuity');
    return offset;
  }

  abandonAllowed(): boolean {
    // Also before the first frame: a first segment that turns out too big for the link is refetched lower.
    return this.pinned === undefined && (this.options.abr?.abandon ?? true);
  }

  abandoned(bandwidth: number): void {
    this.forcedBandwidth = bandwidth;
    this.warn(new PlayerError('SEGMENT_LOAD_FAILED', `Abandoned a video download that would stall playback; refetching at ≤ ${Math.round(bandwidth / 1000)} kbit/s.`, { stage: 'loader', fatal: false }));
  }

  maybeEnd(): void {
    this.media.endWhenDone(this.loops);
  }

  tick(): Promise<void> {
    return this.scheduler.tick();
  }

  /** A live refresh brought new segments: let the loops look, move the seekable window. */
  refreshed(): void {
    this.live.updateSeekable();
    this.wake();
  }

  /** Lets every waiting loop take one step. */
  wake(): void {
    this.scheduler.wake();
  }

  delay(ms: number): Promise<void> {
    return this.scheduler.delay(ms);
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
    this.scheduler.clear();
    this.media.release(this.loops);
    this.loops.length = 0;
    await this.eme.destroy();
  }
}
