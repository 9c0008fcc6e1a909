// Ladder benchmark: `ott vod` (default ladder, veryfast) vs the best single hand-written ffmpeg command producing the
// same ladder (decode once, split + scale, same encoder settings, fragmented MP4 files) vs four separate ffmpeg runs.
// Same 30 s 1080p30 source, interleaved, median of N. Usage: node bench/ladder.mjs [--reps 3]   (after `npm run build`)
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { OTT, WORK, measure, median, source1080 } from './lib.mjs';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 3;
const SECONDS = 30;
const src = await source1080(SECONDS, '8M', 'veryfast');
const rungs = [
  { h: 1080, w: 1920, b: 5000000 },
  { h: 720, w: 1280, b: 2800000 },
  { h: 480, w: 854, b: 1400000 },
  { h: 360, w: 640, b: 800000 },
];
const x264 = (r) => ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-b:v', String(r.b), '-maxrate', String(r.b * 1.5),
  '-bufsize', String(r.b * 2), '-force_key_frames', 'expr:gte(t,n_forced*2)', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
  '-x264-params', 'keyint=60:min-keyint=60:scenecut=0:open-gop=0'];
const frag = ['-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof'];
const aac = ['-c:a', 'aac', '-b:a', '128000', '-ac', '2', '-ar', '48000', '-f', 'mp4', '-movflags', '+empty_moov+default_base_moof', '-frag_duration', '2000000'];
const q = ['-hide_banner', '-loglevel', 'error', '-y'];

const out = (name) => join(WORK, 'ladder', name);
const single = () => {
  const split = `[0:v]split=4${rungs.map((_, i) => `[s${i}]`).join('')};` +
    rungs.map((r, i) => `[s${i}]scale=${r.w}:${r.h},format=yuv420p,setsar=1[v${i}]`).join(';');
  const args = [...q, '-i', src, '-filter_complex', split];
  rungs.forEach((r, i) => args.push('-map', `[v${i}]`, ...x264(r), ...frag, join(out('single'), `v${r.h}.mp4`)));
  args.push('-map', '0:a', ...aac, join(out('single'), 'audio.mp4'));
  return [['ffmpeg', args]];
};
const separate = () => rungs.map((r, i) => ['ffmpeg', [...q, '-i', src, '-map', '0:v', '-vf', `scale=${r.w}:${r.h},format=yuv420p,setsar=1`,
  ...x264(r), ...frag, join(out('separate'), `v${r.h}.mp4`),
  ...(i === 0 ? ['-map', '0:a', ...aac, join(out('separate'), 'audio.mp4')] : [])]]);
const ott = () => [[process.execPath, [OTT, 'vod', src, '-o', out('ott'), '--preset', 'veryfast', '--json']]];

const variants = { 'ott vod': ott, 'single ffmpeg command (hand-written)': single, 'four separate ffmpeg runs': separate };
const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let rep = 0; rep < reps; rep += 1) {
  for (const [name, make] of Object.entries(variants)) {
    const dir = out(name === 'ott vod' ? 'ott' : name.startsWith('single') ? 'single' : 'separate');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    // Separate runs go in parallel, as a shell script with `&` would run them on this 2-core machine.
    const started = performance.now();
    await Promise.all(make().map(([cmd, args]) => measure(cmd, args)));
    results[name].push((performance.now() - started) / 1000);
  }
}
const best = median(results['single ffmpeg command (hand-written)']);
console.log(`source: ${SECONDS} s 1080p30 H.264 + AAC; ladder 1080p/720p/480p/360p x264 veryfast + AAC 128k; ${reps} runs, interleaved, median\n`);
console.log('| variant | wall s | realtime factor | vs single hand-written command |');
console.log('|---|---|---|---|');
for (const [name, runs] of Object.entries(results)) {
  const s = median(runs);
  console.log(`| ${name} | ${s.toFixed(2)} | ${(SECONDS / s).toFixed(2)}x | ${(((s - best) / best) * 100).toFixed(1)}% |`);
}
