import type { SessionMetrics } from './computeMetrics.js';
import type { BundleSize } from './measureBundles.js';
import type { CpuUse } from './measureCpu.js';
import { RUNGS, AUDIO_KBPS } from './prepareContent.js';
import type { PlayerRuns, ProfileResult } from './writeReport.js';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

/** `mean (min–max)` of one metric over runs; a lone run prints just its value. */
function cell(runs: readonly SessionMetrics[], pick: (m: SessionMetrics) => number, digits = 0): string {
  const xs = runs.map(pick).filter(Number.isFinite);
  if (xs.length === 0) return 'n/a';
  const m = fmt(mean(xs), digits);
  return xs.length === 1 ? m : `${m} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`;
}

const label = (p: PlayerRuns): string => `${p.player === 'ott' ? '**@ott/player**' : p.player} (${p.format.toUpperCase()})`;
const rebuffer = (m: SessionMetrics): number => m.rebufferRatio * 100;
const dropped = (m: SessionMetrics): number => (m.totalFrames > 0 ? (m.droppedFrames / m.totalFrames) * 100 : 0);

/** Our player's standing against the best reference player on one profile (means over runs). */
export interface GoalCheck {
  readonly rebuffer: { ours: number; best: number; bestPlayer: string; met: boolean };
  readonly bitrate: { ours: number; best: number; bestPlayer: string; met: boolean };
  readonly startup: { ours: number; best: number; bestPlayer: string; met: boolean };
  /** Not one of the issue's goals: startup without the script download, to show where the startup lead comes from. */
  readonly fromLoad: { ours: number; best: number; bestPlayer: string; met: boolean };
}

function bestOf(others: readonly PlayerRuns[], pick: (m: SessionMetrics) => number, lowerIsBetter: boolean): { value: number; player: string } {
  let best = { value: lowerIsBetter ? Infinity : -Infinity, player: '' };
  for (const p of others) {
    const v = mean(p.runs.map(pick));
    if (lowerIsBetter ? v < best.value : v > best.value) best = { value: v, player: p.player };
  }
  return best;
}

/** The issue's goals: rebuffer ≤ best of the three, bitrate ≥ 95 % of the best, startup ≤ best. */
export function checkGoals(result: ProfileResult): GoalCheck | undefined {
  const ours = result.players.find((p) => p.player === 'ott');
  const others = result.players.filter((p) => p.player !== 'ott');
  if (!ours || others.length === 0) return undefined;
  const r = bestOf(others, rebuffer, true);
  const b = bestOf(others, (m) => m.avgKbps, false);
  const s = bestOf(others, (m) => m.startupMs, true);
  const l = bestOf(others, (m) => m.startupFromLoadMs, true);
  const oursL = mean(ours.runs.map((m) => m.startupFromLoadMs));
  const oursR = mean(ours.runs.map(rebuffer));
  const oursB = mean(ours.runs.map((m) => m.avgKbps));
  const oursS = mean(ours.runs.map((m) => m.startupMs));
  return {
    // Rebuffer percentages are compared to one decimal: 0.04 % vs 0.00 % is sampling noise (one 250 ms tick).
    rebuffer: { ours: oursR, best: r.value, bestPlayer: r.player, met: Math.round(oursR * 10) <= Math.round(r.value * 10) },
    bitrate: { ours: oursB, best: b.value, bestPlayer: b.player, met: oursB >= 0.95 * b.value },
    startup: { ours: oursS, best: s.value, bestPlayer: s.player, met: oursS <= s.value },
    fromLoad: { ours: oursL, best: l.value, bestPlayer: l.player, met: oursL <= l.value },
  };
}

const mark = (met: boolean): string => (met ? '✅' : '❌');

/** Renders the `## Player QoE` section of docs/benchmarks.md from computed results. */
export function renderSection(input: {
  results: readonly ProfileResult[];
  meta: Record<string, unknown>;
  cpu: readonly CpuUse[];
  bundles: readonly BundleSize[];
  runsCount: number;
}): string {
  const { results, meta, cpu, bundles, runsCount } = input;
  const out: string[] = ['## Player QoE', ''];
  const date = String(meta['finishedAt'] ?? new Date().toISOString()).slice(0, 10);
  const loads = cpu.map((c) => c.loadAvg);
  const worstDropped = Math.max(0, ...results.flatMap((r) => r.players.flatMap((p) => p.runs.map(dropped))));
  out.push(`Measured ${date} with \`${String(meta['command'])}\` (${runsCount} run(s) per profile, ` +
    `${String(meta['parallel'])} player page(s) at once, sessions end at \`ended\` or ${String(meta['limitSeconds'])} s of wall time).`);
  out.push('');
  out.push(`Machine: ${cpu[0]?.cores ?? '?'} cores, shared with other work. While the players ran, the browser used ` +
    `${fmt(mean(cpu.map((c) => c.browserCores)), 2)} cores on average (max ${fmt(Math.max(...cpu.map((c) => c.browserCores)), 2)}), the whole machine ` +
    `${fmt(mean(cpu.map((c) => c.machineCores)), 2)} (max ${fmt(Math.max(...cpu.map((c) => c.machineCores)), 2)}); 1-minute load average ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)}. ` +
    (worstDropped < 1
      ? `Dropped frames stayed below 1 % in every session (worst ${fmt(worstDropped, 2)} %), so decoding was not CPU-bound.`
      : `Dropped frames reached ${fmt(worstDropped, 1)} % in the worst session: decoding competed for CPU (see the tables).`));
  out.push('');
  const measured = meta['measuredKbps'] as Record<string, number> | undefined;
  out.push(`**Stream**, made once by our own pipeline: \`${String(meta['contentCommand'])}\` on a 180 s 1280x720 25 fps ` +
    '`testsrc2` source with temporal noise (every rung spends its full bitrate). Rungs (nominal / measured average of the segments): ' +
    `${RUNGS.map((r) => `${r.height}p ${r.kbps}/${measured?.[String(r.height)] ?? '?'}k`).join(', ')}; AAC ${AUDIO_KBPS}k; 2 s segments; HLS and DASH over the same CMAF files.`);
  out.push('');
  const formats = meta['formats'] as Record<string, string> | undefined;
  const version = (name: string): string => bundles.find((b) => b.name.startsWith(name))?.version ?? '?';
  out.push(`**Players**, each with its default configuration: @ott/player (${(formats?.['ott'] ?? 'dash').toUpperCase()}), hls.js ${version('hls.js')} (HLS), ` +
    `dash.js ${version('dash.js')} (DASH), Shaka Player ${version('Shaka')} (DASH), in Debian Chromium (headless, software decoding). Each player gets its own ` +
    (meta['throttle'] === 'cdp'
      ? 'browser context and page with its own CDP `Network.emulateNetworkConditions` (`downloadThroughput = kbps·1000/8`, the ' +
        "profile's `latencyMs`), applied before the page loads and stepped through the profile (looped). Note: Chromium releases " +
        'in-flight requests unthrottled at every step (see bench/qoe/README.md). '
      : "browser context and page and its own emulated link: the benchmark's server shapes every response of that page through one " +
        "token bucket following the profile (kbit/s steps, looped, plus the profile's `latencyMs` per request), from before the page " +
        'loads. Not CDP `Network.emulateNetworkConditions`: Chromium releases in-flight requests unthrottled whenever the conditions ' +
        'change (measured in bench/qoe/README.md), which would hand free bandwidth to whoever is downloading at each step. ') +
    'The player scripts are served gzip-compressed, so their download is part of startup. The `<video>` is 1280x720 (no player caps the level to its size).');
  out.push('');
  out.push('**Metrics**, computed the same way for every player from samples taken in the page every 250 ms: *startup* = navigation ' +
    'start → first `playing` (includes the throttled script download); *load→frame* = the player\'s load call → first `playing`; ' +
    '*rebuffer* = wall time in which the playhead advanced less than 20 % of the elapsed time while the element lacked data ' +
    '(< 0.5 s buffered ahead or `readyState` < HAVE_FUTURE_DATA), after the first frame / wall time from first frame to the end; ' +
    '*hiccups* = wall seconds in which the playhead stood still with data buffered (the shared machine did not give the page or the ' +
    'decoder the CPU; not rebuffering); ' +
    '*kbit/s* = time-weighted nominal bitrate of the rung on screen (told by `videoHeight`); *switches* = changes of the rung on ' +
    `screen. Cells: mean${runsCount > 1 ? ` of ${runsCount} runs (min–max)` : ''}. The charts show run 1.`);
  out.push('');
  for (const result of results) {
    out.push(`### ${result.profile} (throughput mean ${Math.round(result.meanKbps)} kbit/s)`, '');
    if (result.chart) out.push(`![${result.profile}: bitrate and buffer over time](${result.chart})`, '');
    out.push('| player | startup ms | load→frame ms | rebuffer % | stalls | hiccups s | kbit/s | switches | dropped frames % |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    for (const p of result.players) {
      out.push(`| ${label(p)} | ${cell(p.runs, (m) => m.startupMs)} | ${cell(p.runs, (m) => m.startupFromLoadMs)} | ${cell(p.runs, rebuffer, 2)} | ` +
        `${cell(p.runs, (m) => m.stalls, 1)} | ${cell(p.runs, (m) => m.hiccupSeconds, 2)} | ${cell(p.runs, (m) => m.avgKbps)} | ${cell(p.runs, (m) => m.switches, 1)} | ${cell(p.runs, dropped, 2)} |`);
    }
    const errors = result.players.flatMap((p) => p.runs.flatMap((m) => m.errors.map((e) => `${p.player}: ${e}`)));
    if (errors.length > 0) out.push('', `Errors: ${[...new Set(errors)].slice(0, 5).join('; ')}`);
    const goals = checkGoals(result);
    if (goals) {
      out.push('', `@ott/player vs the best of the others: rebuffer ${fmt(goals.rebuffer.ours, 2)} % vs ${fmt(goals.rebuffer.best, 2)} % (${goals.rebuffer.bestPlayer}) ${mark(goals.rebuffer.met)}; ` +
        `bitrate ${Math.round(goals.bitrate.ours)} vs ${Math.round(goals.bitrate.best)} kbit/s (${goals.bitrate.bestPlayer}; goal ≥ 95 %: ${Math.round(0.95 * goals.bitrate.best)}) ${mark(goals.bitrate.met)}; ` +
        `startup ${Math.round(goals.startup.ours)} vs ${Math.round(goals.startup.best)} ms (${goals.startup.bestPlayer}) ${mark(goals.startup.met)}; ` +
        `load→frame ${Math.round(goals.fromLoad.ours)} vs ${Math.round(goals.fromLoad.best)} ms (${goals.fromLoad.bestPlayer}) ${mark(goals.fromLoad.met)}.`);
    }
    out.push('');
  }
  out.push('### Goals at a glance', '', 'The issue\'s three QoE goals, plus load→frame ≤ best (not a goal: startup without the script download).', '',
    '| profile | rebuffer ≤ best | kbit/s ≥ 95 % of best | startup ≤ best | (load→frame ≤ best) |', '|---|---|---|---|---|');
  for (const result of results) {
    const g = checkGoals(result);
    if (g) out.push(`| ${result.profile} | ${mark(g.rebuffer.met)} | ${mark(g.bitrate.met)} | ${mark(g.startup.met)} | ${mark(g.fromLoad.met)} |`);
  }
  out.push('', '### Bundle size', '', 'Dist scripts as shipped, gzip level 9 (Node zlib):', '', '| script | version | min KB | min+gzip KB |', '|---|---|---|---|');
  for (const b of bundles) out.push(`| ${b.name} | ${b.version} | ${(b.minBytes / 1024).toFixed(1)} | ${(b.gzipBytes / 1024).toFixed(1)} |`);
  const ours = bundles.find((b) => b.name.startsWith('@ott/player'));
  const light = bundles.find((b) => b.name.startsWith('hls.js light'));
  if (ours && light) {
    out.push('', `Goal ≤ 1/2 of hls.js light: ${(ours.gzipBytes / 1024).toFixed(1)} KB vs ${(light.gzipBytes / 2048).toFixed(1)} KB ${mark(ours.gzipBytes <= light.gzipBytes / 2)} ` +
      `(${((ours.gzipBytes / light.gzipBytes) * 100).toFixed(0)} % of hls.js light).`);
  }
  out.push('');
  return out.join('\n');
}
