// Two builds of `ott` side by side: `ott package` plain, --encrypt cbcs and --encrypt cenc on the 5-minute 1080p
// input, interleaved (A, B, A, B, …), median of N. For before/after checks of a change: check out the older commit in
// a git worktree, `npm ci && npm run build` there, and point --a at its CLI.
// Usage: node bench/compare-builds.mjs --a <old>/packages/cli/dist/bin.js [--b packages/cli/dist/bin.js] [--reps 7]
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { OTT, WORK, measure, median, mb, source1080 } from './lib.mjs';

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const reps = Number(arg('--reps', '7'));
const a = arg('--a');
if (a === undefined) throw new Error('--a <path to the other build of packages/cli/dist/bin.js> is required');
const bins = { a, b: arg('--b', OTT) };
const KID = '0123456789abcdef0123456789abcdef';
const KEY = '00112233445566778899aabbccddeeff';
const src = await source1080(300);
const results = {};
for (let rep = 0; rep < reps; rep += 1) {
  for (const scheme of ['none', 'cbcs', 'cenc']) {
    // Alternate which build goes first, so an order effect (page cache, CPU boost) does not favour one.
    const order = rep % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const name of order) {
      const dir = join(WORK, 'out', `compare-${name}`);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const encrypt = scheme === 'none' ? [] : ['--encrypt', scheme, '--key-id', KID, '--key', KEY, '--drm', 'widevine,playready,clearkey'];
      const run = await measure(process.execPath, [bins[name], 'package', src, '-o', dir, '--formats', 'hls,dash', '--segment-duration', '4', ...encrypt]);
      (results[`${scheme} ${name}`] ??= []).push(run);
    }
  }
}
console.log(`a = ${bins.a}\nb = ${bins.b}\ninput: ${src}, ${reps} runs each, interleaved (order alternating), median\n`);
console.log('| run | a wall s | b wall s | b / a | a peak RSS MB | b peak RSS MB | a runs | b runs |');
console.log('|---|---|---|---|---|---|---|---|');
for (const scheme of ['none', 'cbcs', 'cenc']) {
  const [ra, rb] = [results[`${scheme} a`], results[`${scheme} b`]];
  const [ma, mb2] = [median(ra.map((r) => r.seconds)), median(rb.map((r) => r.seconds))];
  const list = (runs) => runs.map((r) => r.seconds.toFixed(2)).join(' ');
  console.log(`| package${scheme === 'none' ? '' : ` --encrypt ${scheme}`} | ${ma.toFixed(2)} | ${mb2.toFixed(2)} | ${(mb2 / ma).toFixed(2)} | ${mb(Math.max(...ra.map((r) => r.peakRss)))} | ${mb(Math.max(...rb.map((r) => r.peakRss)))} | ${list(ra)} | ${list(rb)} |`);
}
