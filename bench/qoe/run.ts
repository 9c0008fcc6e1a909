// QoE benchmark: @ott/player vs hls.js, dash.js and Shaka Player in headless Chromium, same ladder, CDP-throttled
// through each profile of ../shared/profiles. Usage (after `npm run build`), see bench/qoe/README.md:
//   npx tsx bench/qoe/run.ts [--quick] [--runs 3] [--profiles cascade,spike] [--players ott,hls.js,dash.js,shaka]
//                            [--parallel 4] [--ott-format dash|hls] [--report-only <results dir>]
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
import { PLAYER_SCRIPT, qoePageHtml } from './qoePage.js';
import type { QoePlayer, StreamFormat } from './qoePage.js';
import { runSession } from './runSession.js';
import type { SessionRecord } from './runSession.js';
import { readProfiles } from './throttleProfile.js';
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
    'no-docs': { type: 'boolean', default: false },
  },
});

const CONTENT_SECONDS = 180;
const quick = values.quick === true;
const runs = Number(values.runs ?? (quick ? 1 : 3));
const limitSeconds = Number(values.seconds ?? (quick ? 60 : CONTENT_SECONDS + 30));
const parallel = Math.max(1, Number(values.parallel));
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

/** Serves each player script gzip-compressed (level 9, as a CDN would): the throttle then costs what the wire carries. */
function scriptRoutes(): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = {};
  for (const player of Object.keys(PLAYER_SCRIPT) as QoePlayer[]) {
    const { name, file } = PLAYER_SCRIPT[player];
    const body = gzipSync(Buffer.from(readFileSyncSafe(path.join(ROOT, file))), { level: 9 });
    routes[`/qoe/js/${name}`] = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Encoding': 'gzip', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      res.end(body);
    };
    const page = qoePageHtml(player);
    routes[`/qoe/${player === 'hls.js' ? 'hls' : player === 'dash.js' ? 'dash' : player}.html`] = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) });
      res.end(page);
    };
  }
  return routes;
}

function readFileSyncSafe(file: string): Uint8Array {
  if (!existsSync(file)) throw new Error(`Expected ${file}; run \`npm run build\` (our player) or \`npm install\` (reference players) first.`);
  return readFileSync(file);
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
  const server = await startStaticServer(content.dir, { extraRoutes: scriptRoutes() });
  const browser = await launchChromium();
  const total = profiles.length * runs;
  log(`${players.join(', ')} × ${profiles.map((p) => p.name).join(', ')} × ${runs} run(s), ${limitSeconds} s sessions, ${parallel} page(s) at once; results in ${path.relative(ROOT, resultsDir)}`);
  try {
    let done = 0;
    // Runs are the outer loop so each profile's runs are spread over the whole benchmark (the machine is shared).
    for (let run = 1; run <= runs; run++) {
      for (const profile of profiles) {
        const startedAt = new Date().toISOString();
        const records: SessionRecord[] = [];
        const cpu: CpuUse[] = [];
        for (let i = 0; i < players.length; i += parallel) {
          const batch = players.slice(i, i + parallel);
          const stop = measureCpu();
          records.push(...(await Promise.all(batch.map((player) => runSession(browser, {
            player, format: formatOf[player], profile, origin: server.url,
            manifest: formatOf[player] === 'hls' ? '/master.m3u8' : '/manifest.mpd', limitSeconds,
          })))));
          cpu.push(stop());
        }
        const result: ProfileRun = { profile: profile.name, run, startedAt, records, cpu };
        await writeFile(path.join(resultsDir, `${profile.name}-run${run}.json`), JSON.stringify(result));
        done += 1;
        const c = cpu.map((u) => `browser ${u.browserCores.toFixed(2)} / machine ${u.machineCores.toFixed(2)} of ${u.cores} cores, load ${u.loadAvg}`).join('; ');
        log(`${done}/${total} ${profile.name} run ${run}: ${records.map((r) => `${r.player} ${r.page.errors.length ? 'ERR ' : ''}t=${(r.page.samples.at(-1)?.ct ?? 0).toFixed(0)}s`).join(', ')} (${c})`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  await writeFile(path.join(resultsDir, 'meta.json'), JSON.stringify({
    command: `npx tsx bench/qoe/run.ts ${process.argv.slice(2).join(' ')}`.trim(), quick,
    contentCommand: content.command, measuredKbps: content.measuredKbps, runs, limitSeconds, parallel, players, formats: formatOf,
    profiles: profiles.map((p) => p.name), finishedAt: new Date().toISOString(),
  }, null, 1));
  return { resultsDir, command: content.command, contentNote: JSON.stringify(content.measuredKbps) };
}

const resultsDir = values['report-only'] ? path.resolve(values['report-only']) : (await measureAll()).resultsDir;
const files = (await readdir(resultsDir)).filter((f) => /-run\d+\.json$/.test(f)).sort();
const profileRuns = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(resultsDir, f), 'utf8')) as ProfileRun));
const meta = JSON.parse(await readFile(path.join(resultsDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
// Quick runs never touch docs/: they are for trying the benchmark out.
await writeReport({ resultsDir, profileRuns, meta, writeDocs: values['no-docs'] !== true && meta['quick'] !== true, log });
