/** Page file name (under `qoe/`) of each player. */
export const PAGE_NAME: Readonly<Record<'ott' | 'hls.js' | 'dash.js' | 'shaka', string>> = { ott: 'ott.html', 'hls.js': 'hls.html', 'dash.js': 'dash.html', shaka: 'shaka.html' };

/** Players in the QoE benchmark. `ott` is @ott/player's IIFE build; the others are the reference players. */
export type QoePlayer = 'ott' | 'hls.js' | 'dash.js' | 'shaka';

/** The manifest each player plays (one format per player, kept the same in every run). */
export type StreamFormat = 'hls' | 'dash';

/** Script served (gzip-compressed, like a CDN would) for each player, relative to node_modules or the repo. */
export const PLAYER_SCRIPT: Readonly<Record<QoePlayer, { readonly name: string; readonly file: string }>> = {
  ott: { name: 'ott-player.min.js', file: 'packages/player/dist/ott-player.min.js' },
  'hls.js': { name: 'hls.min.js', file: 'node_modules/hls.js/dist/hls.min.js' },
  'dash.js': { name: 'dash.all.min.js', file: 'node_modules/dashjs/dist/modern/umd/dash.all.min.js' },
  shaka: { name: 'shaka-player.compiled.js', file: 'node_modules/shaka-player/dist/shaka-player.compiled.js' },
};

/** What one sample (every 250 ms, taken in the page) holds. Short keys: 720 samples per session cross CDP. */
export interface Sample {
  /** `performance.now()` (ms since navigation start). */
  readonly t: number;
  /** `video.currentTime`. */
  readonly ct: number;
  /** Seconds buffered ahead of the playhead (the range holding it). */
  readonly buf: number;
  /** `video.videoHeight`: names the rung on screen (every rung has its own height). */
  readonly h: number;
  /** The player's own idea of the current video bitrate (bits/s), or -1 when it has none yet. */
  readonly br: number;
  /** The player's bandwidth estimate (bits/s), or -1. */
  readonly bw: number;
  readonly rs: number;
  readonly ended: boolean;
  readonly paused: boolean;
  readonly dropped: number;
  readonly frames: number;
}

/** What the page publishes as `window.__qoe`. */
export interface PageQoe {
  readonly player: QoePlayer;
  /** `performance.now()` when the player's load call was made (after its script ran). */
  loadAt: number;
  /** `performance.now()` at the first `playing` event (-1 before). */
  firstFrameAt: number;
  /** `performance.timeOrigin` (epoch ms), to line the samples up with the throttle schedule. */
  readonly timeOrigin: number;
  readonly samples: Sample[];
  /** Manifest and media downloads seen by Resource Timing: [path tail, startTime, responseStart, responseEnd, encodedBodySize]. */
  readonly downloads: [string, number, number, number, number][];
  /** `waiting` events after the first frame. */
  waitingEvents: number;
  readonly errors: string[];
  readonly warnings: string[];
}

// Browser-side code as plain ES2020 text (it runs in Chromium, not in Node). Each snippet creates the player with its
// DEFAULT configuration, starts loading `src` and sets `bitrate` (a function returning the player's current video
// bitrate in bits/s, or -1). Defaults on purpose: the benchmark compares what a developer gets out of the box.
const START: Readonly<Record<QoePlayer, string>> = {
  ott: `
    const player = OttPlayer.createPlayer(video, { src });
    window.__player = player;
    player.on('error', (e) => (e.fatal ? fail : warn)('ott ' + e.code + ': ' + e.message));
    bitrate = () => { const q = player.getQoe(); return q.level >= 0 ? q.bitrate : -1; };
    estimate = () => player.getQoe().throughputBps;`,
  'hls.js': `
    const hls = new Hls();
    window.__player = hls;
    hls.on(Hls.Events.ERROR, (_e, d) => (d.fatal ? fail : warn)('hls.js ' + d.type + '/' + d.details));
    hls.loadSource(src);
    hls.attachMedia(video);
    bitrate = () => { const l = hls.currentLevel >= 0 ? hls.levels[hls.currentLevel] : undefined; return l ? l.bitrate : -1; };
    estimate = () => hls.bandwidthEstimate;`,
  'dash.js': `
    const player = dashjs.MediaPlayer().create();
    window.__player = player;
    player.on(dashjs.MediaPlayer.events.ERROR, (e) => fail('dash.js error ' + (e.error && e.error.code) + ': ' + (e.error && e.error.message)));
    player.initialize(video, src, true);
    bitrate = () => { const r = player.getCurrentRepresentationForType('video'); return r ? r.bandwidth : -1; };
    estimate = () => 1000 * player.getAverageThroughput('video');`,
  shaka: `
    shaka.polyfill.installAll();
    const player = new shaka.Player();
    window.__player = player;
    player.addEventListener('error', (e) => (e.detail.severity === 2 ? fail : warn)('shaka error ' + e.detail.code));
    player.attach(video).then(() => player.load(src)).catch((e) => fail('shaka load failed: ' + (e && e.code)));
    bitrate = () => { const v = player.getVariantTracks().find((t) => t.active); return v && v.videoBandwidth ? v.videoBandwidth : -1; };
    estimate = () => player.getStats().estimatedBandwidth;`,
};

/**
 * HTML of the benchmark page for `player`: a muted 1280x720 `<video>` (as large as the top rung, so no player caps
 * the level to its size), the player's script, then a sampler that records {@link Sample}s every 250 ms into
 * `window.__qoe` ({@link PageQoe}). `play()` is requested right after the player is created and again at `loadedmetadata`, for every player.
 */
export function qoePageHtml(player: QoePlayer): string {
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>QoE ${player}</title>
<style>body{margin:0;background:#000}video{display:block}</style></head>
<body>
<video id="video" muted playsinline width="1280" height="720"></video>
<script src="js/${PLAYER_SCRIPT[player].name}"></script>
<script>
(() => {
  'use strict';
  const video = document.getElementById('video');
  const state = { player: ${JSON.stringify(player)}, loadAt: -1, firstFrameAt: -1, timeOrigin: performance.timeOrigin,
    samples: [], downloads: [], waitingEvents: 0, errors: [], warnings: [] };
  window.__qoe = state;
  const fail = (m) => state.errors.push(String(m));
  const warn = (m) => { if (state.warnings.length < 50) state.warnings.push(String(m)); };
  const src = new URLSearchParams(location.search).get('src');
  let bitrate = () => -1;
  let estimate = () => -1;
  video.addEventListener('playing', () => { if (state.firstFrameAt < 0) state.firstFrameAt = performance.now(); });
  video.addEventListener('waiting', () => { if (state.firstFrameAt >= 0) state.waitingEvents += 1; });
  video.addEventListener('error', () => fail('media element error ' + (video.error && video.error.code)));
  // Play as soon as there is metadata, for every player alike (a play() before the player attached MediaSource may
  // be aborted by the element's load algorithm).
  const play = () => video.play().catch((e) => warn('play() rejected: ' + e));
  video.addEventListener('loadedmetadata', play, { once: true });
  // Every manifest and media download (for diagnosing ABR decisions): path tail, start, first byte, end (ms), encoded bytes.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!/[.](m4s|mp4|mpd|m3u8)([?]|$)/.test(e.name)) continue;
      state.downloads.push([e.name.split('/').slice(-2).join('/'), Math.round(e.startTime), Math.round(e.responseStart), Math.round(e.responseEnd), e.encodedBodySize]);
    }
  }).observe({ type: 'resource', buffered: true });
  const ahead = () => {
    const t = video.currentTime;
    for (let i = 0; i < video.buffered.length; i++) {
      if (t >= video.buffered.start(i) - 0.1 && t <= video.buffered.end(i)) return video.buffered.end(i) - t;
    }
    return 0;
  };
  setInterval(() => {
    let br = -1;
    let bw = -1;
    try { br = bitrate(); } catch (e) { br = -1; }
    try { bw = Math.round(estimate()); } catch (e) { bw = -1; }
    const q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : { droppedVideoFrames: 0, totalVideoFrames: 0 };
    state.samples.push({ t: performance.now(), ct: video.currentTime, buf: ahead(), h: video.videoHeight, br: br == null ? -1 : br, bw: Number.isFinite(bw) ? bw : -1,
      rs: video.readyState, ended: video.ended, paused: video.paused, dropped: q.droppedVideoFrames, frames: q.totalVideoFrames });
  }, 250);
  try {
    state.loadAt = performance.now();${START[player]}
    play();
  } catch (e) {
    fail('${player} threw: ' + (e && e.stack ? e.stack : e));
  }
})();
</script>
</body>
</html>
`;
}
