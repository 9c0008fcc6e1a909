// Packaging-only benchmark: `ott package` (HLS + DASH) vs ffmpeg's HLS fMP4 remux vs Shaka Packager (HLS + DASH),
// same input, interleaved in one run, median of N. Peak RSS of ours on a 5-minute and a 60-minute input. The 5-minute
// table also has the Node I/O floor (bench/io-floor.mjs: the same bytes copied into 153 files, nothing else).
// Usage: node bench/package.mjs [--reps 3] [--long] [--keep-ca-env] [--compare-node <node binary>]   (after `npm run build`)
// --compare-node adds a row `ott` run by another Node (e.g. /usr/bin/node, Node 20), interleaved in the same run.
//
// NODE_EXTRA_CA_CERTS is removed from the tools' environment unless --keep-ca-env is given: some machines (this
// project's sandbox among them) set it globally to the whole system bundle, and Node then parses ~140 certificates
// before running any code (~50 ms here, a fifth of an `ott package` run) for TLS that packaging never uses. Stock
// Debian sets no such variable. ffmpeg and Shaka Packager ignore it either way.
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { OTT, ROOT, SHAKA, WORK, measureTimed, mb, median, repeated, sizeOf, source1080 } from './lib.mjs';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 3;
const long = process.argv.includes('--long');
const env = { ...process.env };
const compareAt = process.argv.indexOf('--compare-node');
const compareNode = compareAt === -1 ? undefined : process.argv[compareAt + 1];
const compareLabel = compareNode === undefined ? undefined : `ott on Node ${execFileSync(compareNode, ['-p', 'process.versions.node']).toString().trim()}`;
if (!process.argv.includes('--keep-ca-env')) delete env.NODE_EXTRA_CA_CERTS;

const src = await source1080(300);
const bytes = sizeOf(src);
const out = (name) => join(WORK, 'out', name);

const dirOf = (name) => (name === 'ott' || name.startsWith('ott on') ? 'ott' : name.startsWith('ffmpeg') ? 'ffmpeg' : name.startsWith('shaka') ? 'shaka' : 'floor');
const FLOOR = 'node I/O floor (copy only)';
const tools = {
  ott: (input) => [process.execPath, [OTT, 'package', input, '-o', out('ott'), '--formats', 'hls,dash', '--segment-duration', '4']],
  'ffmpeg hls fmp4': (input) => ['ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', input, '-map', '0', '-c', 'copy', '-f', 'hls',
    '-hls_segment_type', 'fmp4', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_segment_filename', join(out('ffmpeg'), 'seg-%05d.m4s'),
    join(out('ffmpeg'), 'index.m3u8')]],
  'shaka-packager': (input) => [SHAKA, [
    `in=${input},stream=video,init_segment=${out('shaka')}/v/init.mp4,segment_template=${out('shaka')}/v/$Number$.m4s,playlist_name=v.m3u8`,
    `in=${input},stream=audio,init_segment=${out('shaka')}/a/init.mp4,segment_template=${out('shaka')}/a/$Number$.m4s,playlist_name=a.m3u8,hls_group_id=audio`,
    '--segment_duration', '4', '--generate_static_live_mpd', '--mpd_output', `${out('shaka')}/manifest.mpd`,
    '--hls_master_playlist_output', `${out('shaka')}/master.m3u8`, '--quiet']],
};

const { mkdir } = await import('node:fs/promises');
// Each run starts with no dirty pages left by the previous one: otherwise the kernel's write-back of the last tool's
// output (GBs on the long input) throttles whichever tool runs next.
const settle = () => execFileSync('sync');
if (compareNode !== undefined) tools[compareLabel] = (input) => [compareNode, [OTT, 'package', input, '-o', out('ott'), '--formats', 'hls,dash', '--segment-duration', '4']];
const shortTools = { ...tools, [FLOOR]: (input) => [process.execPath, [join(ROOT, 'bench', 'io-floor.mjs'), input, out('floor'), '153', '4']] };
const results = Object.fromEntries(Object.keys(shortTools).map((k) => [k, []]));
for (let rep = 0; rep < reps; rep += 1) {
  for (const [name, make] of Object.entries(shortTools)) {
    const dir = out(dirOf(name));
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const [cmd, args] = make(src);
    settle();
    results[name].push(await measureTimed(cmd, args, { env }));
  }
}

const rows = Object.entries(results).map(([name, runs]) => {
  const seconds = median(runs.map((r) => r.seconds));
  const cpu = (key) => (runs[0][key] === undefined ? '–' : median(runs.map((r) => r[key])).toFixed(2));
  return { name, seconds, mbps: bytes / 1e6 / seconds, rss: Math.max(...runs.map((r) => r.peakRss)), user: cpu('user'), sys: cpu('sys'), walls: runs.map((r) => r.seconds.toFixed(2)).join(' ') };
});
const ours = rows.find((r) => r.name === 'ott');
console.log(`input: ${src} (${mb(bytes)} MB, 5 min 1080p30 H.264 + AAC), ${reps} runs each, interleaved, median; NODE_EXTRA_CA_CERTS ${env.NODE_EXTRA_CA_CERTS === undefined ? "unset" : "kept"}; ott runs on Node ${process.versions.node}\n`);
console.log('| tool | wall s | throughput MB/s | ott speed-up | CPU user s | CPU sys s | peak RSS MB | wall s of each run |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.seconds.toFixed(2)} | ${r.mbps.toFixed(0)} | ${(r.seconds / ours.seconds).toFixed(2)}x | ${r.user} | ${r.sys} | ${mb(r.rss)} | ${r.walls} |`);
}

if (long) {
  // The long input shows memory against input length, and throughput once start-up costs are amortised.
  const longSrc = await repeated(src, 12);
  const longBytes = sizeOf(longSrc);
  console.log(`\n60-minute input (${mb(longBytes)} MB), one run each:\n`);
  console.log('| tool | wall s | throughput MB/s | ott speed-up | peak RSS MB |');
  console.log('|---|---|---|---|---|');
  const longRows = [];
  for (const [name, make] of Object.entries(tools)) {
    const dir = out(dirOf(name));
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const [cmd, args] = make(longSrc);
    settle();
    longRows.push({ name, ...(await measureTimed(cmd, args, { env })) });
    await rm(dir, { recursive: true, force: true });
  }
  const oursLong = longRows.find((r) => r.name === 'ott');
  for (const r of longRows) {
    console.log(`| ${r.name} | ${r.seconds.toFixed(2)} | ${(longBytes / 1e6 / r.seconds).toFixed(0)} | ${(r.seconds / oursLong.seconds).toFixed(2)}x | ${mb(r.peakRss)} |`);
  }
  console.log(`\nott peak RSS: ${mb(ours.rss)} MB on 5 minutes, ${mb(oursLong.peakRss)} MB on 60 minutes.`);
}
