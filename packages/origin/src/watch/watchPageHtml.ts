/** URL paths of the watch page's parts: under the dot folder, so they can never shadow a file of the served folder. */
export const WATCH_PATHS = {
  script: '/.ott/watch.js',
  player: '/.ott/player.js',
  streams: '/.ott/streams',
} as const;

/**
 * The watch page served at `/`: a stream list (from {@link WATCH_PATHS.streams}), `@ott/player` in a video element,
 * quality, audio and subtitle menus and a stats overlay. Its script is a separate file, so the page runs under a CSP
 * without `unsafe-inline` scripts.
 */
export const WATCH_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ott — watch</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; background: #111; color: #eee; }
  header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; padding: .6rem 1rem; background: #1b1b1b; }
  header h1 { font-size: 15px; margin: 0 1rem 0 0; }
  select, input, button { background: #222; color: #eee; border: 1px solid #444; border-radius: 4px; padding: .3rem .4rem; }
  #src { min-width: 22rem; flex: 1; }
  main { padding: 1rem; }
  .stage { position: relative; max-width: 1100px; margin: auto; }
  video { width: 100%; background: #000; display: block; }
  #stats { position: absolute; top: .5rem; left: .5rem; background: rgba(0,0,0,.7); padding: .4rem .6rem; white-space: pre; font: 12px ui-monospace, monospace; pointer-events: none; }
  #stats[hidden] { display: none; }
  #message { max-width: 1100px; margin: .5rem auto; font: 12px ui-monospace, monospace; color: #f99; white-space: pre-wrap; }
  label { color: #aaa; font-size: 12px; }
</style>
</head>
<body>
<header>
  <h1>ott</h1>
  <label>stream <select id="streams" title="Streams in this folder"></select></label>
  <form id="open"><input id="src" placeholder="master.m3u8, manifest.mpd or a URL" aria-label="stream URL"> <button>Play</button></form>
  <label>quality <select id="quality"><option value="auto">auto</option></select></label>
  <label>audio <select id="audio"></select></label>
  <label>subtitles <select id="text"><option value="-1">off</option></select></label>
  <label><input type="checkbox" id="showStats" checked> stats</label>
</header>
<main>
  <div class="stage">
    <video id="video" controls muted autoplay playsinline></video>
    <div id="stats"></div>
  </div>
  <div id="message" role="status"></div>
</main>
<script src="${WATCH_PATHS.player.slice(1)}"></script>
<script src="${WATCH_PATHS.script.slice(1)}"></script>
</body>
</html>
`;

/** The watch page's script (classic script, no build step; `OttPlayer` is the IIFE build of `@ott/player`). */
export const WATCH_PAGE_SCRIPT = `'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var video = $('video'), streams = $('streams'), src = $('src'), quality = $('quality'), audio = $('audio');
  var text = $('text'), stats = $('stats'), message = $('message');
  var params = new URLSearchParams(location.search);
  var token = params.get('token');
  var player;

  function withToken(url) {
    if (!token) return url;
    var u = new URL(url, location.href);
    if (!u.searchParams.has('token')) u.searchParams.set('token', token);
    return u.href;
  }
  function option(value, label) {
    var o = document.createElement('option');
    o.value = String(value);
    o.textContent = label;
    return o;
  }
  function fill(select, first, items) {
    select.replaceChildren.apply(select, (first ? [first] : []).concat(items));
  }
  function say(line) { message.textContent += line + '\\n'; }

  function play(url) {
    if (player) player.destroy();
    message.textContent = '';
    src.value = url;
    player = OttPlayer.createPlayer(video, { src: withToken(url), autoplay: true });
    window.ottWatch = { player: player, src: url };
    player.on('manifest', function (m) {
      fill(quality, option('auto', 'auto'), m.levels.map(function (l) {
        return option(l.index, (l.height ? l.height + 'p ' : '') + Math.round(l.bitrate / 1000) + ' kbit/s');
      }));
      // The track's name ("English (audio description)") when it says more than its language.
      function label(t) { return t.name && t.name !== t.id ? t.name : t.language || t.id; }
      fill(audio, null, m.audioTracks.map(function (t) { return option(t.index, label(t)); }));
      audio.disabled = m.audioTracks.length < 2;
      fill(text, option(-1, 'off'), m.textTracks.map(function (t) { return option(t.index, label(t)); }));
      text.disabled = m.textTracks.length === 0;
    });
    player.on('error', function (e) { say((e.fatal ? 'error ' : 'warning ') + e.code + ': ' + e.message); });
    player.on('qoe', function (q) {
      var lines = [
        'level     ' + q.level + '  (' + Math.round(q.bitrate / 1000) + ' kbit/s)',
        'estimate  ' + Math.round(q.throughputBps / 1000) + ' kbit/s',
        'buffer    ' + q.bufferSeconds.toFixed(1) + ' s',
        'startup   ' + Math.round(q.startupMs) + ' ms',
        'stalls    ' + q.stalls + ' (' + Math.round(q.stallMs) + ' ms)',
        'switches  ' + q.switches,
        'dropped   ' + q.droppedFrames + '/' + q.totalFrames,
      ];
      if (player.liveLatency !== undefined) lines.push('latency   ' + player.liveLatency.toFixed(2) + ' s  rate ' + q.playbackRate.toFixed(2));
      stats.textContent = lines.join('\\n');
    });
    var shown = new URL(location.href);
    shown.searchParams.set('src', url);
    history.replaceState(null, '', shown);
  }

  $('open').addEventListener('submit', function (event) { event.preventDefault(); if (src.value) play(src.value); });
  streams.addEventListener('change', function () { if (streams.value) play(streams.value); });
  quality.addEventListener('change', function () { if (player) player.setQuality(quality.value === 'auto' ? 'auto' : Number(quality.value)); });
  audio.addEventListener('change', function () { if (player) player.setAudioTrack(Number(audio.value)); });
  text.addEventListener('change', function () { if (player) player.setTextTrack(Number(text.value)); });
  $('showStats').addEventListener('change', function (event) { stats.hidden = !event.target.checked; });

  fetch('${WATCH_PATHS.streams.slice(1)}' + (token ? '?token=' + encodeURIComponent(token) : ''))
    .then(function (r) { return r.ok ? r.json() : { streams: [], protected: r.status === 401 || r.status === 403 }; })
    .catch(function () { return { streams: [] }; })
    .then(function (list) {
      fill(streams, option('', list.streams.length ? 'choose a stream' : 'no stream listed'), list.streams.map(function (s) {
        return option(s.path, s.path + (s.live ? '  (live)' : ''));
      }));
      var initial = params.get('src') || (list.streams[0] && list.streams[0].path);
      if (list.protected && !token) say('This origin needs a playback token: open /?src=<stream>/master.m3u8&token=<token>.');
      if (initial) { streams.value = initial; play(initial); }
    });
})();
`;
