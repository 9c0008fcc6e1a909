// Encryption benchmark: `ott package --encrypt cenc|cbcs` vs Shaka Packager raw-key cenc|cbcs (HLS + DASH, same input,
// interleaved, median of N), plus Node's raw AES-128 throughput on this machine measured in the same run.
// Usage: node bench/encrypt.mjs [--reps 3]   (after `npm run build`)
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { OTT, SHAKA, WORK, measure, median, mb, sizeOf, source1080 } from './lib.mjs';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 3;
const KID = '0123456789abcdef0123456789abcdef';
const KEY = '00112233445566778899aabbccddeeff';
const src = await source1080(300);
const bytes = sizeOf(src);
const out = (name) => join(WORK, 'out', name);

const shaka = (scheme) => (input) => [SHAKA, [
  `in=${input},stream=video,init_segment=${out(`shaka-${scheme}`)}/v/init.mp4,segment_template=${out(`shaka-${scheme}`)}/v/$Number$.m4s,playlist_name=v.m3u8`,
  `in=${input},stream=audio,init_segment=${out(`shaka-${scheme}`)}/a/init.mp4,segment_template=${out(`shaka-${scheme}`)}/a/$Number$.m4s,playlist_name=a.m3u8,hls_group_id=audio`,
  '--segment_duration', '4', '--generate_static_live_mpd', '--mpd_output', `${out(`shaka-${scheme}`)}/manifest.mpd`,
  '--hls_master_playlist_output', `${out(`shaka-${scheme}`)}/master.m3u8`, '--quiet',
  '--enable_raw_key_encryption', '--keys', `label=:key_id=${KID}:key=${KEY}`, '--protection_scheme', scheme,
  '--protection_systems', 'CommonSystem,Widevine,PlayReady', '--clear_lead', '0']];
const ott = (scheme) => (input) => [process.execPath, [OTT, 'package', input, '-o', out(`ott-${scheme}`), '--formats', 'hls,dash',
  '--segment-duration', '4', '--encrypt', scheme, '--key-id', KID, '--key', KEY, '--drm', 'widevine,playready,clearkey']];
const tools = { 'ott cenc': ott('cenc'), 'shaka cenc': shaka('cenc'), 'ott cbcs': ott('cbcs'), 'shaka cbcs': shaka('cbcs') };

/** Node's AES throughput on one core: CTR over 64 MB in 1 MB calls; CBC likewise (the physical limit). */
function rawAes(mode) {
  const buf = randomBytes(1 << 20);
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const start = performance.now();
  let total = 0;
  for (let i = 0; i < 64; i++) {
    const c = createCipheriv(mode, key, iv);
    c.setAutoPadding(false);
    total += c.update(buf).byteLength;
  }
  return total / 1e6 / ((performance.now() - start) / 1000);
}

const results = Object.fromEntries(Object.keys(tools).map((k) => [k, []]));
const aes = { ctr: [], cbc: [] };
for (let rep = 0; rep < reps; rep += 1) {
  aes.ctr.push(rawAes('aes-128-ctr'));
  aes.cbc.push(rawAes('aes-128-cbc'));
  for (const [name, make] of Object.entries(tools)) {
    const dir = out(name.replace(' ', '-'));
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const [cmd, args] = make(src);
    results[name].push(await measure(cmd, args));
  }
}

console.log(`input: ${src} (${mb(bytes)} MB, 5 min 1080p30 H.264 + AAC), ${reps} runs each, interleaved, median\n`);
console.log(`Node raw AES-128 on this machine (one core): CTR ${median(aes.ctr).toFixed(0)} MB/s, CBC ${median(aes.cbc).toFixed(0)} MB/s\n`);
console.log('| tool | wall s | throughput MB/s | vs Shaka same scheme | % of raw AES (CTR for cenc, CBC for cbcs) | peak RSS MB |');
console.log('|---|---|---|---|---|---|');
for (const [name, runs] of Object.entries(results)) {
  const seconds = median(runs.map((r) => r.seconds));
  const scheme = name.split(' ')[1];
  const shakaSeconds = median(results[`shaka ${scheme}`].map((r) => r.seconds));
  const mbps = bytes / 1e6 / seconds;
  const raw = scheme === 'cenc' ? median(aes.ctr) : median(aes.cbc);
  console.log(`| ${name} | ${seconds.toFixed(2)} | ${mbps.toFixed(0)} | ${(shakaSeconds / seconds).toFixed(2)}x | ${((100 * mbps) / raw).toFixed(0)}% | ${mb(Math.max(...runs.map((r) => r.peakRss)))} |`);
}
