import { ThroughputEstimator } from './abr/ThroughputEstimator.js';
import { flushAhead } from './controller/flushAhead.js';
import { PlayerSession } from './controller/PlayerSession.js';
import { bufferedAhead } from './controller/findSegment.js';
import { watchPlayback } from './controller/watchPlayback.js';
import { PlayerError } from './errors/PlayerError.js';
import { Emitter } from './events/Emitter.js';
import { loadPresentation } from './manifest/loadPresentation.js';
import type { Presentation } from './manifest/Presentation.js';
import { Beacon } from './qoe/Beacon.js';
import { CmcdSession } from './qoe/CmcdSession.js';
import { QoeTracker } from './qoe/QoeTracker.js';
import type { Qoe } from './qoe/QoeTracker.js';
import { showTextTrack } from './controller/showTextTrack.js';
import type { Level, LivePayload, MediaTrackInfo, Player, PlayerEventMap, PlayerOptions } from './types.js';

/**
 * Creates a player on a `<video>` element: HLS or DASH (detected from the manifest's content), fMP4/CMAF over MSE,
 * ABR, EME, live latency control and QoE.
 *
 * @example
 * ```ts
 * const player = createPlayer(document.querySelector('video')!, { src: 'https://cdn.example/master.m3u8' });
 * player.on('levelSwitch', ({ to, bitrate }) => console.log('now level', to, bitrate));
 * player.on('error', (e) => { if (e.fatal) console.error(e.code, e.message); });
 * ```
 */
export function createPlayer(video: HTMLVideoElement, options: PlayerOptions = {}): Player {
  const emitter = new Emitter<PlayerEventMap>();
  const qoe = new QoeTracker();
  const estimator = new ThroughputEstimator(options.abr?.defaultBandwidth ?? 1_000_000);
  let session: PlayerSession | undefined;
  let presentation: Presentation | undefined;
  // `startLevel` only picks the first level (PlayerSession); ABR stays on until setQuality pins one.
  let pinned: number | undefined;
  let textIndex = -1;
  let loadCount = 0;
  let destroyed = false;

  const latency = (): number => session?.live.latency() ?? 0;
  const emitLive = (reason: LivePayload['reason']): void => {
    if (!session) return;
    emitter.emit('live', { reason, latency: session.live.latency(), distance: session.live.distance(), targetLatency: session.targets.target(), playbackRate: video.playbackRate });
  };
  const snapshot = (): Qoe => {
    const ranges: [number, number][] = [];
    for (let i = 0; i < video.buffered.length; i++) ranges.push([video.buffered.start(i), video.buffered.end(i)]);
    return qoe.snapshot({ latency: latency(), bufferSeconds: bufferedAhead(ranges, video.currentTime), throughputBps: estimator.estimate, video });
  };
  const onError = (error: PlayerError): void => {
    emitter.emit('error', error);
  };
  const unwatch = watchPlayback(video, { session: () => session, qoe, emitter, latency, live: emitLive });
  const onMediaError = (): void => {
    if (!session || video.error === null) return;
    const e = video.error;
    const error = new PlayerError('MEDIA_ERROR', `The media element failed to decode (code ${e.code}): ${e.message || 'no message'}. The stream may be corrupt or use an unsupported codec.`, {
      stage: 'media', details: { code: e.code },
    });
    session.fail(error);
  };
  video.addEventListener('error', onMediaError);
  const beacon = options.beaconUrl
    ? new Beacon(options.beaconUrl, options.beaconIntervalMs ?? 10_000, () => (session && presentation ? { src: presentation.url, time: Date.now(), ...snapshot() } : undefined))
    : undefined;
  const showText = (): void => {
    void showTextTrack(video, presentation, textIndex).catch((e: unknown) => onError(new PlayerError('SEGMENT_LOAD_FAILED', `Text track ${textIndex} failed to load: ${String(e)}`, { stage: 'loader', fatal: false, cause: e })));
  };

  const levels = (): Level[] =>
    (presentation?.levels ?? []).map((l, index) => ({
      index, bitrate: l.bandwidth,
      ...(l.width ? { width: l.width } : {}), ...(l.height ? { height: l.height } : {}),
      ...(l.codecs ? { codecs: l.codecs } : {}), ...(l.frameRate ? { frameRate: l.frameRate } : {}),
    }));
  const tracksOf = (list: Presentation['audioTracks'] | undefined): MediaTrackInfo[] =>
    (list ?? []).map((t, index) => ({ index, id: t.id, ...(t.language ? { language: t.language } : {}), ...(t.name ? { name: t.name } : {}) }));

  const player: Player = {
    video,
    async load(src = options.src, startTime) {
      if (destroyed) throw new PlayerError('MEDIA_ERROR', 'load() after destroy(): create a new player.', { stage: 'controller' });
      if (!src) throw new PlayerError('MANIFEST_LOAD_FAILED', 'load() needs a manifest URL: pass it as src.', { stage: 'manifest' });
      const count = ++loadCount;
      await session?.destroy();
      session = undefined;
      presentation = undefined;
      void showTextTrack(video, undefined, -1); // the previous presentation's text tracks
      qoe.reset();
      // One CMCD session (sid) per load, on every request from the first manifest on.
      const cmcd = options.cmcd ? new CmcdSession(options.cmcd, () => ({ throughputBps: estimator.estimate, startup: video.played.length === 0 })) : undefined;
      try {
        const loaded = await loadPresentation(new URL(src, location.href).href, undefined, cmcd?.object);
        if (count !== loadCount || destroyed) return;
        presentation = loaded;
        if (cmcd) cmcd.presentation = loaded;
        const next = new PlayerSession(video, options, loaded, estimator, { warn: onError, fail: onError, live: emitLive }, cmcd);
        next.pinned = pinned;
        session = next;
        await next.start(startTime);
        if (count !== loadCount || destroyed) return;
        // After start: HLS media playlists are loaded by then, so `live` and `duration` are known.
        emitter.emit('manifest', { format: loaded.format, live: loaded.live, duration: loaded.duration, levels: levels(), audioTracks: tracksOf(loaded.audioTracks), textTracks: tracksOf(loaded.textTracks) });
        if (textIndex >= 0) showText(); // chosen before the manifest was in
        if (options.autoplay ?? true) video.play().catch(() => undefined);
      } catch (error) {
        const e = error instanceof PlayerError ? error : new PlayerError('MANIFEST_LOAD_FAILED', `Loading ${src} failed: ${String(error)}`, { stage: 'controller', cause: error });
        if (count === loadCount) emitter.emit('error', e);
        throw e;
      }
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      loadCount++;
      beacon?.stop();
      unwatch();
      video.removeEventListener('error', onMediaError);
      await session?.destroy();
      session = undefined;
      void showTextTrack(video, undefined, -1);
      emitter.clear();
    },
    setQuality(level) {
      pinned = level === 'auto' ? undefined : Math.max(0, Math.min(level, (presentation?.levels.length ?? 1) - 1));
      if (!session) return;
      session.pinned = pinned;
      if (pinned !== undefined) flushAhead(session, video, 'video');
    },
    getQuality: () => pinned ?? 'auto',
    getLevels: levels,
    getAudioTracks: () => tracksOf(presentation?.audioTracks),
    setAudioTrack(index) {
      if (!session || !presentation?.audioTracks[index]) return;
      if (session.audioIndex === index) return;
      session.audioIndex = index;
      // Drop the other language buffered ahead, else it would play until the whole forward buffer ran out.
      flushAhead(session, video, 'audio');
    },
    getTextTracks: () => tracksOf(presentation?.textTracks),
    setTextTrack(index) {
      textIndex = index;
      if (presentation) showText();
    },
    getQoe: snapshot,
    get liveLatency() {
      return session?.live.latency();
    },
    on: (name, listener) => emitter.on(name, listener),
    events$: emitter.events$,
  };
  if (options.src && options.autoLoad !== false) void player.load().catch(() => undefined);
  return player;
}
