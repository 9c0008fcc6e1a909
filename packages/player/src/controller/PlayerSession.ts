import { chooseLevel, levelForThroughput } from '../abr/chooseLevel.js';
import type { ThroughputEstimator } from '../abr/ThroughputEstimator.js';
import { EmeController } from '../eme/EmeController.js';
import { PlayerError } from '../errors/PlayerError.js';
import { fetchBytes } from '../loader/fetchBytes.js';
import { refreshDash, resolveSegments } from '../manifest/loadPresentation.js';
import type { Presentation, SegmentRef, Track } from '../manifest/Presentation.js';
import { readInit } from '../mp4/readInit.js';
import type { InitInfo } from '../mp4/readInit.js';
import { isMpegTs } from '../mp4/readSegment.js';
import { SourceBufferQueue } from '../mse/SourceBufferQueue.js';
import { withCmcd } from '../qoe/cmcd.js';
import type { PlayerOptions } from '../types.js';
import type { LoadedInit, LoopContext } from './LoopContext.js';
import { mimeOf } from './mimeOf.js';
import { StreamLoop } from './StreamLoop.js';

/** Callbacks from a session to the player handle. */
export interface SessionHooks {
  warn(error: PlayerError): void;
  fail(error: PlayerError): void;
}

/**
 * One loaded presentation on one media element: MediaSource, one {@link StreamLoop} per SourceBuffer, EME and the
 * ABR state. `destroy()` releases all of it (SourceBuffers removed, MediaSource detached, MediaKeys cleared).
 */
export class PlayerSession implements LoopContext {
  readonly loops: StreamLoop[] = [];
  /** Pinned level index, or undefined for ABR. */
  pinned: number | undefined;
  audioIndex = 0;
  currentLevel = 0;
  private mediaSource: MediaSource | undefined;
  private readonly eme: EmeController;
  private readonly inits = new Map<string, Promise<LoadedInit>>();
  private readonly offsets = new Map<number, number>();
  private waiters: (() => void)[] = [];
  private forcedBandwidth: number | undefined;
  private destroyed = false;
  private started = false;
  private initialPosition = 0;
  private readonly cmcdSession = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : String(Math.random()).slice(2);
  private readonly timers: ReturnType<typeof setTimeout>[] = [];

  constructor(
    readonly video: HTMLVideoElement,
    readonly options: PlayerOptions,
    readonly presentation: Presentation,
    readonly estimator: ThroughputEstimator,
    private readonly hooks: SessionHooks,
  ) {
    this.eme = new EmeController(video, options.drm ?? {}, (e) => (e.fatal ? this.fail(e) : this.warn(e)));
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
    const inits = await Promise.all(targets.map(async ({ track }) => this.firstInit(track)));
    const mediaSource = new MediaSource();
    this.mediaSource = mediaSource;
    const opened = new Promise<void>((resolve) => mediaSource.addEventListener('sourceopen', () => resolve(), { once: true }));
    const objectUrl = URL.createObjectURL(mediaSource);
    this.video.src = objectUrl;
    await opened;
    URL.revokeObjectURL(objectUrl);
    if (this.destroyed) return;
    if (!p.live && p.duration > 0) mediaSource.duration = p.duration;
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
      const segments = (level ?? audio)?.segments ?? [];
      const last = segments[segments.length - 1];
      const edge = last ? last.start + last.duration : 0;
      this.initialPosition = Math.max(segments[0]?.start ?? 0, edge - this.targetLatency());
    }
    if (this.initialPosition > 0) this.video.currentTime = this.initialPosition;
    this.started = true;
    for (const loop of this.loops) void loop.run();
    if (p.live) void this.refreshLoop();
  }

  /** Distance to the live edge to aim for. */
  targetLatency(): number {
    const p = this.presentation;
    return this.options.live?.targetLatency ?? p.targetLatency ?? 3 * (p.levels[0]?.targetDuration ?? 2);
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

  startPosition(segments: readonly SegmentRef[]): number {
    const time = this.video.currentTime;
    if (this.video.seeking || this.started) return Math.max(time, segments[0]?.start ?? 0);
    return this.initialPosition;
  }

  bufferTarget(): number {
    const target = this.options.bufferTarget ?? 30;
    return this.presentation.live ? Math.min(target, Math.max(this.targetLatency() + 2, 6)) : target;
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

  private async firstInit(track: Track): Promise<LoadedInit> {
    const first = track.segments?.[0];
    if (!first) throw new PlayerError('MANIFEST_UNSUPPORTED', `Track ${track.id} has no segments.`, { stage: 'manifest' });
    if (!first.init && !track.sidx?.init) {
      const head = await fetchBytes(first.url, { byteRange: { offset: 0, length: 1024 } });
      if (isMpegTs(head)) {
        throw new PlayerError('UNSUPPORTED_CONTAINER', `Expected fMP4/CMAF segments, got MPEG-TS at ${first.url}. @ott/player plays fragmented MP4 only: repackage as CMAF (ott package, or ffmpeg -hls_segment_type fmp4).`, { stage: 'mse', details: { url: first.url } });
      }
      throw new PlayerError('MANIFEST_UNSUPPORTED', `Expected an init segment (EXT-X-MAP or DASH Initialization) for ${track.id}; found none.`, { stage: 'manifest' });
    }
    return this.init(track, first);
  }

  init(track: Track, segment: SegmentRef): Promise<LoadedInit> {
    const ref = segment.init ?? track.sidx?.init;
    if (!ref) return Promise.reject(new PlayerError('MANIFEST_UNSUPPORTED', `No init segment for ${segment.url}.`, { stage: 'manifest' }));
    const key = `${ref.url}|${ref.byteRange?.offset ?? ''}`;
    let loaded = this.inits.get(key);
    if (!loaded) {
      loaded = fetchBytes(ref.url, ref.byteRange ? { byteRange: ref.byteRange } : {}).then((bytes) => {
        if (isMpegTs(bytes)) throw new PlayerError('UNSUPPORTED_CONTAINER', `Expected an fMP4 init segment at ${ref.url}, got MPEG-TS.`, { stage: 'mse' });
        return { key, bytes, info: readInit(bytes) };
      });
      this.inits.set(key, loaded);
      loaded.catch(() => this.inits.delete(key));
    }
    return loaded;
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
    let offset = this.offsets.get(segment.timeline);
    if (offset === undefined) {
      // Re-anchor each discontinuity/period on the manifest timeline: offset = manifest start − tfdt.
      const track = info.tracks.find((t) => decodeTimes.has(t.trackId));
      offset = track ? segment.start - (decodeTimes.get(track.trackId) ?? 0) / track.timescale : 0;
      if (!this.presentation.live && Math.abs(offset) < 1) offset = 0;
      this.offsets.set(segment.timeline, offset);
    }
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

  /** Live: reload playlists (HLS, blocking when allowed) or the MPD, then wake the loops. */
  private async refreshLoop(): Promise<void> {
    while (!this.destroyed && this.presentation.live) {
      const p = this.presentation;
      const level = p.levels[this.currentLevel];
      const blocking = level?.canBlockReload === true;
      if (!blocking) await this.delay(Math.max(0.5, p.refreshInterval) * 1000);
      if (this.destroyed) return;
      try {
        if (p.format === 'hls') {
          const audio = this.audioFor(level);
          await Promise.all([level, audio].map((t) => (t ? resolveSegments(t, p, true) : undefined)));
        } else {
          await refreshDash(p);
        }
      } catch (error) {
        this.warn(error instanceof PlayerError ? new PlayerError(error.code, error.message, { stage: error.stage, fatal: false, cause: error }) : new PlayerError('MANIFEST_LOAD_FAILED', String(error), { stage: 'manifest', fatal: false }));
        await this.delay(1000);
      }
      for (const loop of this.loops) loop.ended = false;
      this.wake();
    }
  }

  tick(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Lets every waiting loop take one step. */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push(setTimeout(resolve, ms)));
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
    for (const loop of this.loops) loop.stop();
    this.wake();
    this.timers.forEach(clearTimeout);
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
