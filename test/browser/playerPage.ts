/** The players the browser harness can drive: three reference players and ours (`ott`, the IIFE build of @ott/player). */
export type PlayerName = 'hls.js' | 'dash.js' | 'shaka' | 'ott';

/** Player script file names served under `/_players/`, and where they live in node_modules. */
export const PLAYER_SCRIPTS = {
  'hls.min.js': 'hls.js/dist/hls.min.js',
  'dash.all.min.js': 'dashjs/dist/modern/umd/dash.all.min.js',
  'shaka-player.compiled.js': 'shaka-player/dist/shaka-player.compiled.js',
  // Our own build (npm workspaces link node_modules/@ott/player to packages/player): run its `npm run build` first.
  'ott-player.min.js': '@ott/player/dist/ott-player.min.js',
} as const;

/** Page path (under `/_players/`) of each player's test page, e.g. `/_players/hls.html?src=...`. */
export const PLAYER_PAGES: Readonly<Record<PlayerName, string>> = {
  'hls.js': 'hls.html',
  'dash.js': 'dash.html',
  shaka: 'shaka.html',
  ott: 'ott.html',
};

const SCRIPT_OF: Readonly<Record<PlayerName, keyof typeof PLAYER_SCRIPTS>> = {
  'hls.js': 'hls.min.js',
  'dash.js': 'dash.all.min.js',
  shaka: 'shaka-player.compiled.js',
  ott: 'ott-player.min.js',
};

// Browser-side code, kept as plain ES2020 text: it runs in Chromium, not in Node, so it is not
// type-checked here. Each `start` function attaches one player to `video` and reports through
// `state` (read by playInBrowser via window.__ott) and `fail(message)` for fatal errors.
const START: Readonly<Record<PlayerName, string>> = {
  'hls.js': `
    if (!Hls.isSupported()) return fail('Hls.isSupported() is false: this browser has no usable MSE');
    const hls = new Hls({ ...config, ...(drm ? { emeEnabled: true, drmSystems: { 'org.w3.clearkey': { licenseUrl: drm.licenseUrl } } } : {}) });
    window.__ottPlayer = hls;
    hls.on(Hls.Events.ERROR, (_event, data) => {
      const url = (data.frag && data.frag.url) || (data.context && data.context.url) || data.url || '';
      const status = data.response && data.response.code ? ' HTTP ' + data.response.code : '';
      const reason = data.error && data.error.message ? ' (' + data.error.message + ')' : '';
      const text = 'hls.js ' + data.type + '/' + data.details + status + reason + (url ? ' ' + url : '');
      if (data.fatal) fail(text); else warn(text);
    });
    hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
      state.levels = data.levels.length;
      play();
    });
    hls.loadSource(src);
    hls.attachMedia(video);`,
  'dash.js': `
    const player = dashjs.MediaPlayer().create();
    window.__ottPlayer = player;
    if (Object.keys(config).length > 0) player.updateSettings(config);
    const events = dashjs.MediaPlayer.events;
    player.on(events.ERROR, (event) => {
      const error = event.error || {};
      fail('dash.js error ' + error.code + ': ' + error.message);
    });
    player.on(events.PLAYBACK_ERROR, (event) => {
      fail('dash.js playback error: ' + (event.error && event.error.message ? event.error.message : String(event.error)));
    });
    player.on(events.STREAM_INITIALIZED, () => {
      state.levels = player.getRepresentationsByType('video').length;
      play();
    });
    if (drm) player.setProtectionData({ 'org.w3.clearkey': { clearkeys: Object.fromEntries([drm, ...(drm.more || [])].map((k) => [b64url(k.kid), b64url(k.key)])) } });
    player.initialize(video, src, true);`,
  shaka: `
    shaka.polyfill.installAll();
    if (!shaka.Player.isBrowserSupported()) return fail('shaka.Player.isBrowserSupported() is false');
    const codeName = (code) => Object.keys(shaka.util.Error.Code).find((k) => shaka.util.Error.Code[k] === code) || code;
    const describe = (e) => 'shaka error ' + codeName(e.code) + ' (' + e.code + ', category ' + e.category +
      ', severity ' + e.severity + ') ' + JSON.stringify(e.data || []).slice(0, 300);
    const player = new shaka.Player();
    window.__ottPlayer = player;
    player.addEventListener('error', (event) => {
      const e = event.detail;
      if (e.severity === shaka.util.Error.Severity.CRITICAL) fail(describe(e)); else warn(describe(e));
    });
    (async () => {
      if (drm) player.configure({ drm: { clearKeys: Object.fromEntries([drm, ...(drm.more || [])].map((k) => [k.kid, k.key])) } });
      await player.attach(video);
      await player.load(src);
      state.levels = player.getVideoTracks
        ? player.getVideoTracks().length
        : new Set(player.getVariantTracks().map((t) => t.videoId).filter((id) => id != null)).size;
      play();
    })().catch((e) => fail(e && e.code ? describe(e) : 'shaka load failed: ' + e));`,
  // Options for createPlayer come as JSON in ?ott=; every player event is kept in window.__ottEvents.
  ott: `
    if (!window.OttPlayer) return fail('OttPlayer global missing: build packages/player (npm run build) first');
    const options = JSON.parse(new URLSearchParams(location.search).get('ott') || '{}');
    const events = [];
    window.__ottEvents = events;
    const player = OttPlayer.createPlayer(video, { ...options, src });
    window.__ottPlayer = player;
    player.events$.subscribe((event) => {
      if (event.type === 'qoe') return;
      const p = event.payload;
      events.push({ type: event.type, time: video.currentTime, payload: event.type === 'error'
        ? { code: p.code, stage: p.stage, fatal: p.fatal, message: p.message } : p });
    });
    player.on('error', (e) => {
      const text = 'ott ' + e.code + ' (' + e.stage + (e.fatal ? ', fatal' : '') + '): ' + e.message;
      if (e.fatal) fail(text); else warn(text);
    });
    player.on('manifest', (m) => { state.levels = m.levels.length; });`,
};

/**
 * HTML of the test page for `player`: a muted `<video>` plus the player's classic script, which
 * plays `?src=` and exposes its progress as `window.__ott` ({@link PageState}) and the player as
 * `window.__ottPlayer`. Open it by hand in a browser to debug a stream.
 */
export function playerPageHtml(player: PlayerName): string {
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>@ott ${player} test page</title></head>
<body>
<video id="video" muted playsinline width="640" height="360"></video>
<script src="/_players/${SCRIPT_OF[player]}"></script>
<script>
(() => {
  'use strict';
  const state = { player: ${JSON.stringify(player)}, errors: [], warnings: [], fatal: false, levels: 0, seeks: 0, seekedAt: -1 };
  window.__ott = state;
  const video = document.getElementById('video');
  video.muted = true;
  const fail = (message) => { state.errors.push(String(message)); state.fatal = true; };
  const warn = (message) => { state.warnings.push(String(message)); };
  const play = () => video.play().catch((e) => warn('video.play() rejected: ' + e));
  video.addEventListener('seeked', () => { state.seeks += 1; state.seekedAt = video.currentTime; });
  video.addEventListener('error', () => {
    const e = video.error;
    fail('HTMLMediaElement error ' + (e ? e.code + ' ' + e.message : 'unknown'));
  });
  const src = new URLSearchParams(location.search).get('src');
  // ?drm={"kid":hex,"key":hex,"licenseUrl"?:url}: W3C ClearKey for encrypted streams (optional).
  const drm = JSON.parse(new URLSearchParams(location.search).get('drm') || 'null');
  // ?config={...}: settings for hls.js (merged into its config) or dash.js (updateSettings), e.g. for benchmarks.
  const config = JSON.parse(new URLSearchParams(location.search).get('config') || '{}');
  const b64url = (hex) => btoa(String.fromCharCode(...hex.match(/../g).map((h) => parseInt(h, 16))))
    .replace(/[+]/g, '-').replace(/[/]/g, '_').replace(/=+$/, '');
  if (!src) return fail('the page needs ?src=<manifest URL>');
  try {${START[player]}
  } catch (e) {
    fail('${player} threw: ' + (e && e.stack ? e.stack : e));
  }
})();
</script>
</body>
</html>
`;
}

/** What the test page publishes as `window.__ott`. */
export interface PageState {
  readonly player: PlayerName;
  /** Fatal player errors and media element errors. */
  readonly errors: string[];
  /** Non-fatal player errors and rejected `play()` calls. */
  readonly warnings: string[];
  /** True once the player reported an error it will not recover from. */
  readonly fatal: boolean;
  /** Video qualities found: hls.js levels, dash.js video representations, Shaka video tracks. */
  readonly levels: number;
  /** How many `seeked` events the video fired. */
  readonly seeks: number;
  /** `video.currentTime` at the last `seeked` event (-1 before any). */
  readonly seekedAt: number;
}
