// QoE benchmark: @ott/player vs hls.js, dash.js and Shaka Player in headless Chromium, same ladder, CDP-throttled
// through each profile of ../shared/profiles. Usage (after `npm run build`), see bench/qoe/README.md:
//   npx tsx bench/qoe/run.ts [--quick] [--runs 3] [--profiles cascade,spike] [--players ott,hls.js,dash.js,shaka]
//                            [--parallel 4] [--ott-format dash|hls] [--throttle server|cdp] [--report-only <results dir>]
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../../test/browser/chromium.js';
import { startStaticServer } from '../../test/browser/staticServer.js';
import type { RouteHandler } from '../../test/browser/staticServer.js';
import { measureCpu } from './measureCpu.js';
import type { CpuUse } from './measureCpu.js';
import { ROOT, WORK, prepareContent } from './prepareContent.js';
import { PAGE_NAME, PLAYER_SCRIPT, qoePageHtml } from './qoePage.js';
import type { QoePlayer, StreamFormat } from './qoePage.js';
import { runSession } from './runSession.js';
import type { SessionRecord, Throttler } from './runSession.js';
import { startShapedServer } from './shapedServer.js';
import type { StaticBody } from './shapedServer.js';
import { readProfiles, startThrottle } from './throttleProfile.js';
import { writeReport } from './writeReport.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    profiles: { type: 'string' },
    players: { type: 'string', default: 'ott,hls.js,dash.js,shaka' },
    parallel: { type: 'string', default: '4' },
    'ott-format': { type: 'string', default: 'dash' },
    'report-only': { type: 'string' },
    throttle: { type: 'string', default: 'server' },
    'no-docs': { type: 'boolean', default: false },
  },
});

const CONTENT_SECONDS = 180;
const quick = values.quick === true;
const runs = Number(values.runs ?? (quick ? 1 : 3));
const limitSeconds = Number(values.seconds ?? (quick ? 60 : CONTENT_SECONDS + 30));
const parallel = Math.max(1, Number(values.parallel));
const throttleMode = values.throttle === 'cdp' ? 'cdp' : 'server';
const players = (values.players ?? '').split(',').filter(Boolean) as QoePlayer[];
const formatOf: Record<QoePlayer, StreamFormat> = { ott: values['ott-format'] === 'hls' ? 'hls' : 'dash', 'hls.js': 'hls', 'dash.js': 'dash', shaka: 'dash' };
const log = (line: string): void => console.log(`[qoe ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** One profile-run: the sessions of all players plus the CPU use while they ran. */
export interface ProfileRun {
  readonly profile: string;
  readonly run: number;
  readonly startedAt: string;
  readonly records: SessionRecord[];
  readonly cpu: CpuUse[];
}

/**
 * The benchmark pages and player scripts by path (`qoe/ott.html`, `qoe/js/ott-player.min.js`, …). Scripts are
 * gzip-compressed (level 9, as a CDN would serve them): the throttle then costs what the wire carries.
 */
function pageFiles(): Record<string, StaticBody> {
  const files: Record<string, StaticBody> = {};
  for (const player of Object.keys(PLAYER_SCRIPT) as QoePlayer[]) {
    const { name, file } = PLAYER_SCRIPT[player];
    const full = path.join(ROOT, file);
    if (!existsSync(full)) throw new Error(`Expected ${full}; run \`npm run build\` (our player) or \`npm install\` (reference players) first.`);
    files[`qoe/js/${name}`] = { type: 'text/javascript; charset=utf-8', body: gzipSync(readFileSync(full), { level: 9 }), encoding: 'gzip' };
    files[`qoe/${PAGE_NAME[player]}`] = { type: 'text/html; charset=utf-8', body: Buffer.from(qoePageHtml(player)) };
  }
  return files;
}

/** Server-side shaping (default): one shaped link per page, see shapedServer.ts. */
async function serverThrottler(streamDir: string): Promise<{ throttler: Throttler; close: () => Promise<void> }> {
  const server = await startShapedServer(streamDir, pageFiles());
  const throttler: Throttler = async (_cdp, player, format, profile) => {
    const { prefix, startedAt } = server.openLink(profile);
    const page = new URL(`${prefix}qoe/${PAGE_NAME[player]}`, server.url);
    page.searchParams.set('src', new URL(`${prefix}${format === 'hls' ? 'master.m3u8' : 'manifest.mpd'}`, server.url).href);
    return { pageUrl: page.href, startedAt, stop: () => server.closeLink(prefix) };
  };
  return { throttler, close: () => server.close() };
}

/** CDP `Network.emulateNetworkConditions` per page, stepped from Node (leaks at every step: see README). */
async function cdpThrottler(streamDir: string): Promise<{ throttler: Throttler; close: () => Promise<void> }> {
  const routes: Record<string, RouteHandler> = {};
  for (const [rel, file] of Object.entries(pageFiles())) {
    routes[`/${rel}`] = (_req, res) => {
      res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.body.length, 'Cache-Control': 'no-cache', ...(file.encoding ? { 'Content-Encoding': file.encoding } : {}) });
      res.end(file.body);
    };
  }
  const server = await startStaticServer(streamDir, { extraRoutes: routes });
  const throttler: Throttler = async (cdp, player, format, profile) => {
    const { startedAt, stop } = await startThrottle(await cdp(), profile);
    const page = new URL(`/qoe/${PAGE_NAME[player]}`, server.url);
    page.searchParams.set('src', `${server.url}/${format === 'hls' ? 'master.m3u8' : 'manifest.mpd'}`);
    return { pageUrl: page.href, startedAt, stop };
  };
  return { throttler, close: () => server.close() };
}

async function measureAll(): Promise<{ resultsDir: string; command: string; contentNote: string }> {
  const content = await prepareContent(CONTENT_SECONDS, log);
  const profilesDir = path.resolve(ROOT, '..', 'shared', 'profiles');
  const all = await readProfiles(profilesDir);
  const wanted = values.profiles?.split(',').filter(Boolean);
  const profiles = wanted ? all.filter((p) => wanted.includes(p.name)) : all;
  if (profiles.length === 0) throw new Error(`No profile matches ${values.profiles ?? ''}; have ${all.map((p) => p.name).join(', ')}.`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const resultsDir = path.join(WORK, 'results', `${stamp}${quick ? '-quick' : ''}`);
  await mkdir(resultsDir, { recursive: true });
  const network = throttleMode === 'cdp' ? await cdpThrottler(content.dir) : await serverThrottler(content.dir);
  const browser = await launchChromium();
  const total = profiles.length * runs;
  log(`${players.join(', ')} × ${profiles.map((p) => p.name).join(', ')} × ${runs} run(s), ${limitSeconds} s sessions, ${parallel} page(s) at once; results in ${path.relative(ROOT, resultsDir)}`);
  try {
    let finished = 0;
    // Runs are the outer loop so each profile's runs are spread over the whole benchmark (the machine is shared).
    // Within a run, the (profile, player) sessions go `parallel` at a time in profile order: with 4 players and
    // --parallel 4 that is one profile at a time; with `--players ott` several profiles share a batch.
    for (let run = 1; run <= runs; run++) {
      const jobs = profiles.flatMap((profile) => players.map((player) => ({ profile, player })));
      const records = new Map<string, SessionRecord[]>(profiles.map((p) => [p.name, []]));
      const cpu = new Map<string, CpuUse[]>(profiles.map((p) => [p.name, []]));
      const startedAt = new Map<string, string>();
      for (let i = 0; i < jobs.length; i += parallel) {
        const batch = jobs.slice(i, i + parallel);
        for (const { profile } of batch) if (!startedAt.has(profile.name)) startedAt.set(profile.name, new Date().toISOString());
        const stop = measureCpu();
        const done = await Promise.all(batch.map(({ player, profile }) => runSession(browser, {
          player, format: formatOf[player], profile, throttler: network.throttler, limitSeconds,
        })));
        const use = stop();
        done.forEach((record) => records.get(record.profile)?.push(record));
        for (const name of new Set(batch.map((j) => j.profile.name))) cpu.get(name)?.push(use);
        // A profile is complete once its last player ran: write it out.
        for (const profile of profiles) {
          const last = jobs.findLastIndex((j) => j.profile === profile);
          if (last < i || last >= i + parallel) continue;
          const result: ProfileRun = { profile: profile.name, run, startedAt: startedAt.get(profile.name) ?? '', records: records.get(profile.name) ?? [], cpu: cpu.get(profile.name) ?? [] };
          await writeFile(path.join(resultsDir, `${profile.name}-run${run}.json`), JSON.stringify(result));
          finished += 1;
          const c = result.cpu.map((u) => `browser ${u.browserCores.toFixed(2)} / machine ${u.machineCores.toFixed(2)} of ${u.cores} cores, load ${u.loadAvg}`).join('; ');
          log(`${finished}/${total} ${profile.name} run ${run}: ${result.records.map((r) => `${r.player} ${r.page.errors.length ? 'ERR ' : ''}t=${(r.page.samples.at(-1)?.ct ?? 0).toFixed(0)}s`).join(', ')} (${c})`);
        }
      }
    }
  } finally {
    await browser.close();
    await network.close();
  }
  await writeFile(path.join(resultsDir, 'meta.json'), JSON.stringify({
    command: `npx tsx bench/qoe/run.ts ${process.argv.slice(2).join(' ')}`.trim(), quick,
    throttle: throttleMode, contentCommand: content.command, measuredKbps: content.measuredKbps, runs, limitSeconds, parallel, players, formats: formatOf,
    profiles: profiles.map((p) => p.name), finishedAt: new Date().toISOString(),
  }, null, 1));
  return { resultsDir, command: content.command, contentNote: JSON.stringify(content.measuredKbps) };
}

const resultsDir = values['report-only'] ? path.resolve(values['report-only']) : (await measureAll()).resultsDir;
const files = (await readdir(resultsDir)).filter((f) => /-run\d+\.json$/.test(f)).sort();
const profileRuns = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(resultsDir, f), 'utf8')) as ProfileRun));
// meta.json is written when the measurement finishes; a report on a run still going uses what is known.
const metaFile = path.join(resultsDir, 'meta.json');
const meta = existsSync(metaFile)
  ? JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>
  : { command: '(in progress)', quick: true, limitSeconds, parallel, formats: formatOf };
// Quick runs never touch docs/: they are for trying the benchmark out.
await writeReport({ resultsDir, profileRuns, meta, writeDocs: values['no-docs'] !== true && meta['quick'] !== true, log });
