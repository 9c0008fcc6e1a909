import { AbrController } from '../abr/AbrController.js';
import type { ThroughputEstimator } from '../abr/ThroughputEstimator.js';
import { EmeController } from '../eme/EmeController.js';
import type { PlayerError } from '../errors/PlayerError.js';
import { resolveSegments } from '../manifest/loadPresentation.js';
import type { Presentation, SegmentRef, Track } from '../manifest/Presentation.js';
import type { CmcdSession } from '../qoe/CmcdSession.js';
import { DownloadQueue } from '../loader/DownloadQueue.js';
import { InitCache } from '../loader/InitCache.js';
import type { LoadedInit } from '../loader/InitCache.js';
import type { InitInfo } from '../mp4/readInit.js';
import type { LivePayload, PlayerOptions } from '../types.js';
import { LiveTargets } from './LiveTargets.js';
import { LiveView } from './LiveView.js';
import type { LoopContext, LoopLoader, LoopTimeline } from './LoopContext.js';
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
 * One loaded presentation on one media element: one {@link StreamLoop} per SourceBuffer and the controllers they run
 * with, split as hls.js splits its own: {@link AbrController} (level and audio choice), the loader (`InitCache`, CMCD,
 * `EmeController`, download turns), the timeline (buffer target, start position, timestamp offsets), the
 * {@link Scheduler} (wake-ups), {@link SessionMedia} (MediaSource) and {@link LiveView} (live edge, latency, end).
 * `destroy()` releases all of it (SourceBuffers removed, MediaSource detached, MediaKeys cleared).
 */
export class PlayerSession implements LoopContext, RefreshContext {
  readonly loops: StreamLoop[] = [];
  /** Level and audio choice (`pinned` and `audioIndex` are what `setQuality` / `setAudioTrack` set). */
  readonly abr: AbrController;
  readonly loader: LoopLoader;
  readonly timeline: LoopTimeline;
  readonly scheduler = new Scheduler();
  private readonly media: SessionMedia;
  private readonly eme: EmeController;
  private readonly inits: InitCache;
  private readonly offsets = new TimelineOffsets();
  /** Live edge distance, latency, seekable window and end. */
  readonly live: LiveView;
  /** Live latency target, maximum and catch-up rates. */
  readonly targets: LiveTargets;
  private readonly aborter = new AbortController();
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
    this.abr = new AbrController({ video, options, presentation, estimator, bufferTarget: () => this.bufferTarget() });
    this.loader = this.makeLoader();
    this.timeline = {
      bufferTarget: () => this.bufferTarget(),
      startPosition: (segments) => this.startPosition(segments),
      timestampOffset: (segment, info, decodeTimes) => this.timestampOffset(segment, info, decodeTimes),
      serverNow: () => this.serverNow(),
    };
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
    const level = p.levels.length > 0 ? this.abr.startLevel() : undefined;
    const audio = this.abr.audioFor(level);
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
    return this.abr.activeTrack(kind);
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

  private startPosition(segments: readonly SegmentRef[]): number {
    const time = this.video.currentTime;
    if (this.video.seeking || this.started) return Math.max(time, segments[0]?.start ?? 0);
    return this.initialPosition;
  }

  private bufferTarget(): number {
    const target = this.options.bufferTarget ?? 30;
    return this.presentation.live ? Math.min(target, Math.max(this.targets.target() + 2, 6)) : target;
  }

  /** The loader part of the loops' context: CMCD-decorated requests, init segments, MIME types, EME. */
  private makeLoader(): LoopLoader {
    return {
      downloads: new DownloadQueue(),
      request: (url, kind, track, segment) => {
        const loop = this.loops.find((l) => l.kind === kind);
        const buffer = loop ? bufferedAhead(loop.queue.ranges(), this.video.currentTime) : 0;
        return this.cmcd?.segment(url, kind, track, segment.duration, buffer) ?? { url, headers: {} };
      },
      init: (track, segment): Promise<LoadedInit> => this.inits.get(track, segment),
      mimeOf,
      encrypted: (track, info) => this.eme.openForInit(info, [...track.protection, ...this.presentation.protection]),
    };
  }

  private timestampOffset(segment: SegmentRef, info: InitInfo, decodeTimes: ReadonlyMap<number, number>): number {
    const live = this.presentation.live || this.presentation.liveEnded === true;
    const { offset, isNew } = this.offsets.offsetFor(segment, info, decodeTimes, live);
    if (isNew && live) this.hooks.live('discontinuity');
    return offset;
  }

  maybeEnd(): void {
    this.media.endWhenDone(this.loops);
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
