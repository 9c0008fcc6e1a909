import { sameLanguage } from '@ott/core/media';
import { ThroughputEstimator } from './abr/ThroughputEstimator.js';
import { flushAhead } from './controller/flushAhead.js';
import { PlayerSession } from './controller/PlayerSession.js';
import { bufferedAhead } from './controller/findSegment.js';
import { showTextTrack } from './controller/showTextTrack.js';
import { watchPlayback } from './controller/watchPlayback.js';
import { PlayerError } from './errors/PlayerError.js';
import { Emitter } from './events/Emitter.js';
import { loadPresentation } from './manifest/loadPresentation.js';
import type { Presentation } from './manifest/Presentation.js';
import { Beacon } from './qoe/Beacon.js';
import { CmcdSession } from './qoe/CmcdSession.js';
import { QoeTracker } from './qoe/QoeTracker.js';
import type { Qoe } from './qoe/QoeTracker.js';
import type { EventStream } from './events/Emitter.js';
import type { Level, LivePayload, MediaTrackInfo, Player, PlayerEvent, PlayerEventMap, PlayerEventName, PlayerOptions } from './types.js';

/** The {@link Player} `createPlayer` returns: the public handle over one {@link PlayerSession} per `load()`. */
export class PlayerHandle implements Player {
  readonly events$: EventStream<PlayerEvent>;
  private readonly emitter = new Emitter<PlayerEventMap>();
  private readonly qoe = new QoeTracker();
  private readonly estimator: ThroughputEstimator;
  private readonly unwatch: () => void;
  private readonly beacon: Beacon | undefined;
  private readonly onMediaError = (): void => this.mediaError();
  private session: PlayerSession | undefined;
  private presentation: Presentation | undefined;
  // `startLevel` only picks the first level (the session's AbrController); ABR stays on until setQuality pins one.
  private pinned: number | undefined;
  private textIndex = -1;
  /** The viewer's language choices, kept across `load()`s (undefined: no preference; null: subtitles off). */
  private audioLanguage: string | undefined;
  private textLanguage: string | null | undefined;
  private loadCount = 0;
  private destroyed = false;

  constructor(
    readonly video: HTMLVideoElement,
    private readonly options: PlayerOptions,
  ) {
    this.events$ = this.emitter.events$;
    this.audioLanguage = options.preferredAudioLanguage;
    this.textLanguage = options.preferredTextLanguage;
    this.estimator = new ThroughputEstimator(options.abr?.defaultBandwidth ?? 1_000_000);
    this.unwatch = watchPlayback(video, { session: () => this.session, qoe: this.qoe, emitter: this.emitter, latency: () => this.latency(), live: (reason) => this.emitLive(reason) });
    video.addEventListener('error', this.onMediaError);
    this.beacon = options.beaconUrl
      ? new Beacon(options.beaconUrl, options.beaconIntervalMs ?? 10_000, () => (this.session && this.presentation ? { src: this.presentation.url, time: Date.now(), ...this.getQoe() } : undefined))
      : undefined;
  }

  async load(src = this.options.src, startTime?: number): Promise<void> {
    if (this.destroyed) throw new PlayerError('MEDIA_ERROR', 'load() after destroy(): create a new player.', { stage: 'controller' });
    if (!src) throw new PlayerError('MANIFEST_LOAD_FAILED', 'load() needs a manifest URL: pass it as src.', { stage: 'manifest' });
    const count = ++this.loadCount;
    await this.session?.destroy();
    this.session = undefined;
    this.presentation = undefined;
    void showTextTrack(this.video, undefined, -1); // the previous presentation's text tracks
    this.qoe.reset();
    // One CMCD session (sid) per load, on every request from the first manifest on.
    const cmcd = this.options.cmcd ? new CmcdSession(this.options.cmcd, () => ({ throughputBps: this.estimator.estimate, startup: this.video.played.length === 0 })) : undefined;
    const current = (): boolean => count === this.loadCount && !this.destroyed;
    try {
      const loaded = await loadPresentation(new URL(src, location.href).href, undefined, cmcd?.object);
      if (!current()) return;
      this.presentation = loaded;
      if (cmcd) cmcd.presentation = loaded;
      const report = (error: PlayerError): void => this.emitter.emit('error', error);
      const next = new PlayerSession(this.video, this.options, loaded, this.estimator, { warn: report, fail: report, live: (reason) => this.emitLive(reason) }, cmcd);
      next.abr.pinned = this.pinned;
      next.abr.audioIndex = Math.max(0, loaded.audioTracks.findIndex((t) => sameLanguage(t.language, this.audioLanguage)));
      if (this.textLanguage !== undefined) this.textIndex = this.textLanguage === null ? -1 : loaded.textTracks.findIndex((t) => sameLanguage(t.language, this.textLanguage ?? undefined));
      this.session = next;
      await next.start(startTime);
      if (!current()) return;
      // After start: HLS media playlists are loaded by then, so `live` and `duration` are known.
      this.emitter.emit('manifest', { format: loaded.format, live: loaded.live, duration: loaded.duration, levels: this.getLevels(), audioTracks: tracksOf(loaded.audioTracks), textTracks: tracksOf(loaded.textTracks) });
      if (this.textIndex >= 0) this.showText(); // chosen before the manifest was in
      this.emitTracks();
      if (this.options.autoplay ?? true) this.video.play().catch(() => undefined);
    } catch (error) {
      const e = error instanceof PlayerError ? error : new PlayerError('MANIFEST_LOAD_FAILED', `Loading ${src} failed: ${String(error)}`, { stage: 'controller', cause: error });
      if (count === this.loadCount) this.emitter.emit('error', e);
      throw e;
    }
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.loadCount++;
    this.beacon?.stop();
    this.unwatch();
    this.video.removeEventListener('error', this.onMediaError);
    await this.session?.destroy();
    this.session = undefined;
    void showTextTrack(this.video, undefined, -1);
    this.emitter.clear();
  }

  setQuality(level: 'auto' | number): void {
    this.pinned = level === 'auto' ? undefined : Math.max(0, Math.min(level, (this.presentation?.levels.length ?? 1) - 1));
    if (!this.session) return;
    this.session.abr.pinned = this.pinned;
    if (this.pinned !== undefined) flushAhead(this.session, this.video, 'video');
  }

  getQuality(): 'auto' | number {
    return this.pinned ?? 'auto';
  }

  getLevels(): Level[] {
    return (this.presentation?.levels ?? []).map((l, index) => ({
      index, bitrate: l.bandwidth,
      ...(l.width ? { width: l.width } : {}), ...(l.height ? { height: l.height } : {}),
      ...(l.codecs ? { codecs: l.codecs } : {}), ...(l.frameRate ? { frameRate: l.frameRate } : {}),
    }));
  }

  getAudioTracks(): MediaTrackInfo[] {
    return tracksOf(this.presentation?.audioTracks);
  }

  setAudioTrack(index: number): void {
    const session = this.session;
    if (!session || !this.presentation?.audioTracks[index] || session.abr.audioIndex === index) return;
    session.abr.audioIndex = index;
    this.audioLanguage = this.presentation.audioTracks[index]?.language ?? this.audioLanguage;
    // Drop the other language buffered ahead, else it would play until the whole forward buffer ran out.
    flushAhead(session, this.video, 'audio');
    this.emitTracks();
  }

  getTextTracks(): MediaTrackInfo[] {
    return tracksOf(this.presentation?.textTracks);
  }

  setTextTrack(index: number): void {
    this.textIndex = index;
    this.textLanguage = index < 0 ? null : (this.presentation?.textTracks[index]?.language ?? this.textLanguage);
    if (!this.presentation) return;
    this.showText();
    this.emitTracks();
  }

  getQoe(): Qoe {
    const video = this.video;
    const ranges: [number, number][] = [];
    for (let i = 0; i < video.buffered.length; i++) ranges.push([video.buffered.start(i), video.buffered.end(i)]);
    return this.qoe.snapshot({ latency: this.latency(), bufferSeconds: bufferedAhead(ranges, video.currentTime), throughputBps: this.estimator.estimate, video });
  }

  get liveLatency(): number | undefined {
    return this.session?.live.latency();
  }

  on<K extends PlayerEventName>(name: K, listener: (payload: PlayerEventMap[K]) => void): () => void {
    return this.emitter.on(name, listener);
  }

  private emitTracks(): void {
    const audio = this.session?.abr.audioIndex ?? -1;
    const audioLanguage = this.presentation?.audioTracks[audio]?.language;
    const textLanguage = this.presentation?.textTracks[this.textIndex]?.language;
    this.emitter.emit('tracksChanged', { audio, text: this.textIndex, ...(audioLanguage ? { audioLanguage } : {}), ...(textLanguage ? { textLanguage } : {}) });
  }

  private latency(): number {
    return this.session?.live.latency() ?? 0;
  }

  private emitLive(reason: LivePayload['reason']): void {
    const session = this.session;
    if (!session) return;
    this.emitter.emit('live', { reason, latency: session.live.latency(), distance: session.live.distance(), targetLatency: session.targets.target(), playbackRate: this.video.playbackRate });
  }

  private showText(): void {
    const index = this.textIndex;
    void showTextTrack(this.video, this.presentation, index).catch((e: unknown) =>
      this.emitter.emit('error', new PlayerError('SEGMENT_LOAD_FAILED', `Text track ${index} failed to load: ${String(e)}`, { stage: 'loader', fatal: false, cause: e })),
    );
  }

  private mediaError(): void {
    const e = this.video.error;
    if (!this.session || e === null) return;
    this.session.fail(new PlayerError('MEDIA_ERROR', `The media element failed to decode (code ${e.code}): ${e.message || 'no message'}. The stream may be corrupt or use an unsupported codec.`, {
      stage: 'media', details: { code: e.code },
    }));
  }
}

function tracksOf(list: Presentation['audioTracks'] | undefined): MediaTrackInfo[] {
  return (list ?? []).map((t, index) => ({ index, id: t.id, ...(t.language ? { language: t.language } : {}), ...(t.name ? { name: t.name } : {}) }));
}
