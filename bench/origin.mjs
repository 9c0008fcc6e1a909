// Origin and CDN edge benchmark (issue 6). One run, side by side, on a frozen live LL-HLS folder (`ott live --ll`):
// 1. Saturation: 1,000 connections (wrk, closed loop) replay an LL-HLS player's request mix (live media playlists and
//    the newest parts, a few complete segments and init segments) against @ott/origin with signed URLs
//    (`segmentCache: 'shared'`), with JWT playback tokens, without access control, with signed URLs but its file cache
//    off, a bare node:http server answering the same files from memory (the floor of any Node origin), the nginx edge
//    (deploy/nginx/ott-edge.conf) in front of the signed origin, and nginx serving the folder statically. Servers run on CPU 0 (one Node process, one nginx worker), the client on CPU 1.
//    Reports req/s, p50/p99 and the ratio to nginx.
// 2. 1,000 viewers: the same mix at 8 requests/s per connection (an LL-HLS viewer: playlist + part, video and audio,
//    every 0.5 s), so 8,000 req/s offered: p50/p99 latency of the origin (signed URLs), of the nginx edge in front
//    of it (same core), and of nginx static.
// 3. Blocking viewers: 1,000 requests held on `_HLS_msn/_HLS_part` for a part, at the origin (signed URLs) and through
//    the nginx edge (deploy/nginx/ott-edge.conf); the bench publishes the part the way the packager does (the
//    playlist that lists it replaces the old one by rename) and measures each answer's arrival after the rename.
// Usage: node bench/origin.mjs [--reps 3] [--duration 10] [--connections 1000] [--viewers 1000] [--client wrk|autocannon]
//        [--paced-duration 30] [--only saturation,viewers,blocking] [--cpu-prof <dir>] [--compare-node <node binary>]
//        (--compare-node: also the signed origin and the floor run by another Node, e.g. /usr/bin/node = Node 20)   (after `npm run build`; needs Debian nginx, and wrk: apt-get install wrk — without it
//        autocannon is used, whose JavaScript HTTP parser caps it far below nginx). The live folder is made once
//        into bench/.work/origin-live/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { OTT, ROOT, WORK, ffmpeg, median } from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);
const URL_SECRET = 'bench-signed-url-secret-of-32-bytes-or-more';
const JWT_SECRET = 'bench-playback-token-secret-of-32-bytes!!';
const KEY = 'live';

// ---------------------------------------------------------------- child: one origin on CPU 0, answers IPC `held`
if (process.argv[2] === '--child') {
  const [root, mode] = process.argv.slice(3);
  const server = mode === 'floor' ? await startFloor(root) : await startOttOrigin(root, mode);
  process.on('message', (message) => {
    if (message === 'held') process.send({ held: server.held() });
    if (message === 'stop') void server.close().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0)); // the bench ended (or died): do not outlive it
  process.send({ port: server.port });
} else {
  await main();
}

async function main() {
  const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
  const reps = Number(arg('--reps', 3));
  const duration = Number(arg('--duration', 10));
  // Longer: every connection's first request waits for the server to accept it (see docs/benchmarks.md).
  const pacedDuration = Number(arg('--paced-duration', 30));
  const connections = Number(arg('--connections', 1000));
  const viewers = Number(arg('--viewers', 1000));
  const cpuProf = arg('--cpu-prof', undefined);
  const client = arg('--client', spawnSync('wrk', ['--version']).error ? 'autocannon' : 'wrk');
  const only = arg('--only', 'saturation,viewers,blocking').split(',');
  // --servers a,b: only the saturation servers whose name contains one of these (e.g. --servers floor,nginx static).
  const serverFilter = arg('--servers', undefined)?.split(',');
  const compareNode = arg('--compare-node', undefined);
  const compareVersion = compareNode === undefined ? undefined : spawnSync(compareNode, ['-p', 'process.versions.node']).stdout.toString().trim();
  pinSelf('1');
  const folder = await liveFolder();
  const stream = join(folder, KEY);
  // The tests' nginx helper (TypeScript) through tsx: one way to start nginx and render the edge config.
  (await import('tsx/esm/api')).register();
  const { startNginx, renderEdgeConfig } = await import('../test/support/nginx.ts');
  const { signPlaybackToken, signUrl } = await import('@ott/origin');
  const signedQuery = () => signUrl(`/${KEY}/`, { secret: URL_SECRET, expiresInSeconds: 3600 }).split('?')[1];
  const running = [];
  const started = async (server) => (running.push(server), server);
  const nginxOn = (http) => startNginx({ main: 'worker_cpu_affinity 01;', http });
  try {
    const servers = {
      'origin, signed URLs': await started(await startChild(folder, 'signed', cpuProf)),
      'origin, JWT': await started(await startChild(folder, 'jwt', cpuProf)),
      'origin, open': await started(await startChild(folder, 'open', cpuProf)),
      'origin, signed URLs, fileCache off': await started(await startChild(folder, 'signed-nocache', cpuProf)),
      'node:http from memory (floor)': await started(await startChild(folder, 'floor', cpuProf)),
      ...(compareNode === undefined ? {} : {
        [`origin, signed URLs, Node ${compareVersion}`]: await started(await startChild(folder, 'signed', cpuProf, compareNode)),
        [`node:http from memory (floor), Node ${compareVersion}`]: await started(await startChild(folder, 'floor', cpuProf, compareNode)),
      }),
      'nginx static': await started(await nginxOn(({ listen }) => `server { listen ${listen}; root ${folder}; sendfile on; tcp_nopush on; }`)),
    };
    const signed = servers['origin, signed URLs'];
    // The edge shares CPU 0 with the origin behind it: the same one-core budget.
    const edge = await started(await nginxOn(({ listen, dir }) => renderEdgeConfig({ origin: `127.0.0.1:${signed.port}`, listen, cacheDir: join(dir, 'cache') })));
    servers['nginx edge → origin, signed URLs'] = edge;
    const token = await signPlaybackToken({ algorithm: 'HS256', secret: JWT_SECRET, stream: KEY, expiresInSeconds: 3600 });
    // nginx and the floor ignore the query: every server gets the same request targets as the signed origin.
    const queryOf = (name) => (name.includes('JWT') ? `token=${token}` : name.includes('open') ? '' : signedQuery());
    const mix = requestMix(stream);
    console.log(`live folder ${stream}: ${mix.length} requests per cycle (${mix.filter((p) => p.endsWith('.m3u8')).length} playlists); ${client}, ${connections} connections, ${duration} s, ${reps} reps`);
    const load = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
    const paced = { 'origin, signed URLs': [], 'nginx edge → origin, signed URLs': [], 'nginx static': [] };
    const blocking = { 'origin, signed URLs': [], 'nginx edge → origin, signed URLs': [] };
    const line = (what, r) => console.log(`${what}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}, load average ${loadavg()[0].toFixed(2)}`);
    for (let rep = 1; rep <= reps; rep++) {
      for (const [name, server] of only.includes('saturation') ? Object.entries(servers).filter(([n]) => !serverFilter || serverFilter.some((f) => n.includes(f))) : []) {
        load[name].push(await hammer(client, server.port, mix, queryOf(name), connections, duration));
        line(`rep ${rep} saturation, ${name}`, load[name].at(-1));
      }
      for (const name of only.includes('viewers') ? Object.keys(paced) : []) {
        paced[name].push(await hammer('wrk', servers[name].port, mix, queryOf(name), connections, pacedDuration, 125));
        line(`rep ${rep} ${connections} viewers at 8 req/s, ${name}`, paced[name].at(-1));
      }
      for (const [name, port] of only.includes('blocking') ? [['origin, signed URLs', signed.port], ['nginx edge → origin, signed URLs', edge.port]] : []) {
        const result = await blockingViewers(stream, port, signed, viewers, signedQuery());
        blocking[name].push(result);
        console.log(`rep ${rep} ${viewers} blocking viewers, ${name}: answered ${result.answered}, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms after the rename, ${result.within100} within 100 ms`);
      }
    }
    report({ load, paced, blocking }, { reps, duration, pacedDuration, connections, viewers, client });
  } finally {
    for (const server of running) await server.stop();
  }
}

/** @ott/origin for the folder: `signed` (signed URLs, segmentCache 'shared'), `jwt`, or `open`; `-nocache`: fileCache off. */
async function startOttOrigin(root, mode) {
  const { startOrigin } = await import('@ott/origin');
  const access = mode.startsWith('signed') ? { signedUrls: { secret: URL_SECRET }, segmentCache: 'shared' }
    : mode.startsWith('jwt') ? { jwt: { secret: JWT_SECRET, algorithms: ['HS256'] } } : undefined;
  const origin = await startOrigin({ root, ...(access ? { access } : {}), ...(mode.endsWith('-nocache') ? { fileCache: false } : {}) });
  return { port: origin.port, held: () => origin.origin.held, close: () => origin.close() };
}

/** Every file under `root` by URL path, in memory. */
function filesIn(root) {
  const files = new Map();
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}/${entry.name}`);
      else files.set(`${prefix}/${entry.name}`, readFileSync(join(dir, entry.name)));
    }
  };
  walk(root, '');
  return files;
}

/** The floor: node:http answering every file of the folder from memory, no checks, no validators. */
async function startFloor(root) {
  const { createServer } = await import('node:http');
  const files = filesIn(root);
  const server = createServer((req, res) => {
    const body = files.get(req.url.split('?', 1)[0]);
    if (body === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': req.url.includes('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/iso.segment', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  return { port: server.address().port, held: () => 0, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

function pinSelf(cpu) {
  spawnSync('taskset', ['-cp', cpu, String(process.pid)], { stdio: 'ignore' });
}

/** A frozen live LL-HLS folder: `ott live --ll` for ~8 segments, then killed (SIGKILL: playlists stay live, with parts). */
async function liveFolder() {
  const folder = join(WORK, 'origin-live');
  if (existsSync(join(folder, KEY, 'video_360p', 'playlist.m3u8'))) return folder;
  await rm(folder, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  const source = join(WORK, 'src-360p-8s-live.mp4');
  if (!existsSync(source)) {
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=8', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=8',
      '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '1200k', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', source]);
  }
  const child = spawn(process.execPath, [OTT, 'live', '--file', source, '--loop', '--stream-key', KEY, '--ll', '-o', folder, '--ladder', '360p@800k,audio@96k', '--preset', 'veryfast', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ott live exited ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line);
      if (event.type === 'segment' && event.renditionId === 'video_360p' && event.number >= 8) resolve();
    });
  });
  child.removeAllListeners('exit');
  child.kill('SIGKILL');
  // ffmpeg ends with its stdin; leave the writer's temp files out of the snapshot.
  for (const rendition of ['video_360p', 'audio_aac']) {
    for (const name of readdirSync(join(folder, KEY, rendition))) if (name.startsWith('.')) await unlink(join(folder, KEY, rendition, name));
  }
  return folder;
}

/** What an LL-HLS player asks: per part, the media playlist and the part (video and audio); a few segments and inits. */
function requestMix(stream) {
  const paths = [];
  for (const rendition of ['video_360p', 'audio_aac']) {
    const playlist = readFileSync(join(stream, rendition, 'playlist.m3u8'), 'utf8');
    const parts = [...playlist.matchAll(/#EXT-X-PART:[^\n]*URI="([^"]+)"/g)].map((m) => m[1]).slice(-8);
    const segments = playlist.split('\n').filter((line) => /^seg-\d+\.m4s$/.test(line)).slice(-2);
    for (const part of parts) paths.push(`/${KEY}/${rendition}/playlist.m3u8`, `/${KEY}/${rendition}/${part}`);
    for (const name of [...segments, 'init.mp4']) paths.push(`/${KEY}/${rendition}/${name}`);
  }
  return paths;
}

/**
 * One load run: wrk (C, one thread on CPU 1) when installed, else autocannon (whose JS HTTP parser caps it lower).
 * With `delayMs`, each connection waits that long between its requests (wrk's `delay()`): a paced load.
 */
async function hammer(client, port, mix, query, connections, duration, delayMs = 0) {
  const paths = mix.map((path) => (query ? `${path}?${query}` : path));
  if (client === 'autocannon') {
    const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, requests: paths.map((path) => ({ method: 'GET', path })), timeout: 10 });
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
  }
  const script = join(WORK, 'origin-mix.lua');
  await writeFile(script, [
    `local paths = { ${paths.map((path) => JSON.stringify(path)).join(', ')} }`,
    'local i = 0',
    'request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end',
    ...(delayMs > 0 ? [`delay = function() return ${delayMs} end`] : []),
    'done = function(s, latency)',
    '  local e = s.errors',
    '  io.write(string.format("RESULT %d %d %.3f %.3f %d %d\\n", s.requests, s.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status))',
    'end',
  ].join('\n'));
  const out = await new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${duration}s`, '--timeout', '10s', '-s', script, `http://127.0.0.1:${port}/`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
  });
  const [requests, micros, p50, p99, errors, non2xx] = /RESULT (.+)/.exec(out)[1].split(' ').map(Number);
  return { rps: requests / (micros / 1e6), p50, p99, non2xx, errors };
}

/**
 * Holds `viewers` blocking reloads for a part and publishes it, as the packager does: the part file exists, then the
 * playlist that lists it replaces the old one by rename. The "before" playlist is the frozen one without its last
 * EXT-X-PART (hinted instead), the "after" playlist the frozen one. Measures each answer's end after the rename.
 */
async function blockingViewers(stream, port, origin, viewers, query) {
  const folder = join(stream, 'video_360p');
  const playlistPath = join(folder, 'playlist.m3u8');
  const after = await readFile(playlistPath, 'utf8');
  const lines = after.split('\n');
  const last = lines.findLastIndex((line) => line.startsWith('#EXT-X-PART:'));
  const [, uri, msn, part] = /URI="(seg-(\d+)\.p(\d+)\.m4s)"/.exec(lines[last]);
  const before = [...lines.slice(0, last), ...lines.slice(last + 1)].join('\n').replace(/#EXT-X-PRELOAD-HINT:[^\n]*/, `#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${uri}"`);
  const publish = async (text) => {
    await writeFile(join(folder, '.playlist.m3u8.bench'), text);
    await rename(join(folder, '.playlist.m3u8.bench'), playlistPath);
  };
  await publish(before);
  const now = () => performance.now();
  let t0 = NaN;
  const arrivals = [];
  const statuses = new Map();
  const path = `/${KEY}/video_360p/playlist.m3u8?${query}&_HLS_msn=${Number(msn)}&_HLS_part=${Number(part)}`;
  // Raw sockets, not node:http's client: a thousand answers parsed by one Node HTTP client on one core take it
  // ~50-100 ms by themselves, which would be counted as the server's delay. Here a response is complete when its
  // head and Content-Length bytes have arrived; the time is taken then.
  const sockets = [];
  try {
    const waiting = Array.from({ length: viewers }, () => new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
      sockets.push(socket);
      let head;
      let received = 0;
      let need = Infinity;
      socket.on('data', (chunk) => {
        received += chunk.length;
        if (head === undefined) {
          head = chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
          const end = head.indexOf('\r\n\r\n');
          const length = /\r\ncontent-length: *(\d+)/i.exec(head);
          const status = Number(head.slice(9, 12));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status !== 200 || end < 0 || length === null) return resolve();
          need = end + 4 + Number(length[1]);
          head = status;
        }
        if (received >= need) {
          arrivals.push(now() - t0);
          need = Infinity;
          resolve();
        }
      });
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    }));
    await waitFor(async () => (await ask(origin.child, 'held')).held >= viewers, 30_000);
    await writeFile(join(folder, '.playlist.m3u8.bench'), after);
    t0 = now(); // the part is published when this rename is done
    await rename(join(folder, '.playlist.m3u8.bench'), playlistPath);
    await Promise.all(waiting);
  } finally {
    for (const socket of sockets) socket.destroy();
    await publish(after); // the frozen state again
  }
  if (arrivals.length !== viewers) console.log(`  statuses: ${JSON.stringify([...statuses])}`);
  const sorted = arrivals.sort((a, b) => a - b);
  const pct = (list, q) => list[Math.min(list.length - 1, Math.ceil(q * list.length) - 1)] ?? NaN;
  return {
    answered: sorted.length, p50: pct(sorted, 0.5), p99: pct(sorted, 0.99), max: sorted.at(-1) ?? NaN, within100: sorted.filter((ms) => ms <= 100).length,
  };
}

async function waitFor(test, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the held requests');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function ask(child, message) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(message);
  });
}

function startChild(folder, mode, cpuProf, node = process.execPath) {
  const prof = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : [];
  const child = spawn('taskset', ['-c', '0', node, ...prof, SELF, '--child', folder, mode], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`origin child (${mode}) exited ${code}`)));
    const stop = () => new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.send('stop');
    });
    child.once('message', ({ port }) => {
      child.removeAllListeners('exit');
      resolve({ port, child, stop });
    });
  });
}

function report({ load, paced, blocking }, { reps, duration, pacedDuration, connections, viewers, client }) {
  const nginx = median(load['nginx static'].map((r) => r.rps)) ?? NaN;
  const ms = (runs, key) => median(runs.map((r) => r[key])).toFixed(1);
  console.log(`\nSaturation, ${connections} connections (${client}), ${duration} s per run, median of ${reps}:\n`);
  console.log('| server | req/s | vs nginx static | p50 ms | p99 ms | req/s of each run |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, runs] of Object.entries(load).filter(([, runs]) => runs.length > 0)) {
    const rps = median(runs.map((r) => r.rps));
    console.log(`| ${name} | ${rps.toFixed(0)} | ${((100 * rps) / nginx).toFixed(0)} % | ${ms(runs, 'p50')} | ${ms(runs, 'p99')} | ${runs.map((r) => r.rps.toFixed(0)).join(', ')} |`);
  }
  console.log(`\n${connections} viewers, 8 requests/s each (wrk delay 125 ms), ${pacedDuration} s per run, median of ${reps}:\n`);
  console.log('| server | req/s | p50 ms | p99 ms | p99 of each run |');
  console.log('|---|---|---|---|---|');
  for (const [name, runs] of Object.entries(paced).filter(([, runs]) => runs.length > 0)) {
    console.log(`| ${name} | ${median(runs.map((r) => r.rps)).toFixed(0)} | ${ms(runs, 'p50')} | ${ms(runs, 'p99')} | ${runs.map((r) => r.p99.toFixed(1)).join(', ')} |`);
  }
  console.log(`\n${viewers} blocking reloads, answer time after the playlist rename, median of ${reps}:\n`);
  console.log('| path | answered | p50 ms | p99 ms | max ms | within 100 ms, each run |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, runs] of Object.entries(blocking).filter(([, runs]) => runs.length > 0)) {
    console.log(`| ${name} | ${runs.map((r) => r.answered).join(', ')} | ${ms(runs, 'p50')} | ${ms(runs, 'p99')} | ${ms(runs, 'max')} | ${runs.map((r) => r.within100).join(', ')} |`);
  }
}
