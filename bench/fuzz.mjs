// Mutation fuzzer for the SDK's MP4 readers (not part of CI): takes the ISO-BMFF fuzz corpus of ../shared/vectors
// and the CENC vectors, mutates them (bit flips, byte runs, 32-bit size/count fields set to edge values, truncation,
// box splicing) and feeds each mutant to readBoxes, readMp4Movie, the fMP4 demuxer and decryptMp4. Any outcome other
// than success or a typed OttError — an untyped exception, a hang past the per-input budget — is saved with its seed
// under bench/.work/fuzz-findings/ and counted.
// Usage: node bench/fuzz.mjs [--minutes 5] [--seed 1]   (after `npm run build`)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ROOT, WORK } from './lib.mjs';

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const minutes = Number(arg('--minutes', 5));
let seed = Number(arg('--seed', Date.now() % 1_000_000));
const PER_INPUT_MS = 2000;
const SHARED = join(ROOT, '..', 'shared', 'vectors');
const findings = join(WORK, 'fuzz-findings');

const corpus = [
  ...readdirSync(join(SHARED, 'isobmff-fuzz')).filter((n) => n.endsWith('.bin')).map((n) => join(SHARED, 'isobmff-fuzz', n)),
  ...['prog_8s_enc_dashinit.mp4', 'cbcs.mp4', 'cbcs_audio.mp4'].map((n) => join(SHARED, 'cenc', n)).filter(existsSync),
].map((path) => readFileSync(path));

/** xorshift32: mutants are reproducible from the seed printed with each finding. */
function rng(state) {
  let x = state || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function mutate(input, random) {
  const out = Buffer.from(input);
  const at = () => Math.floor(random() * out.length);
  const rounds = 1 + Math.floor(random() * 4);
  for (let r = 0; r < rounds && out.length > 8; r++) {
    const kind = Math.floor(random() * 5);
    if (kind === 0) out[at()] ^= 1 << Math.floor(random() * 8);
    else if (kind === 1) out.fill(Math.floor(random() * 256), at(), Math.min(out.length, at() + 16));
    else if (kind === 2) {
      const p = Math.min(at(), out.length - 4);
      out.writeUInt32BE([0, 1, 7, 8, 0x7fffffff, 0xffffffff, 0x10000000][Math.floor(random() * 7)] ?? 0, p);
    } else if (kind === 3) return out.subarray(0, at());
    else {
      const from = at();
      out.copy(out, at(), from, Math.min(out.length, from + 64));
    }
  }
  return out;
}

// Each input runs in a worker, so a hang can be cut off and the next input starts clean.
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ bytes }) => {
  const core = await import('@ott/core');
  const drm = await import('@ott/drm');
  const input = new Uint8Array(bytes);
  const outcomes = [];
  const ring = drm.KeyRing.fromArgs(['63cb5f7184dd4b689a5c5ff11ee6a328']);
  for (const [name, run] of [
    ['readBoxes', () => core.readBoxes(input)],
    ['readMp4Movie', () => core.readMp4Movie(input, { fileBytes: input.length })],
    ['decryptMp4', () => drm.decryptMp4Report(input, ring)],
  ]) {
    try { run(); outcomes.push([name, 'ok']); }
    catch (error) { outcomes.push([name, core.isOttError(error) ? 'typed' : 'untyped: ' + (error && error.stack || String(error)).split('\\n').slice(0, 4).join(' | ')]); }
  }
  parentPort.postMessage(outcomes);
});`;

mkdirSync(findings, { recursive: true });
const deadline = Date.now() + minutes * 60_000;
let runs = 0;
let found = 0;
const tally = { ok: 0, typed: 0 };
let worker = new Worker(WORKER, { eval: true, cwd: ROOT });
while (Date.now() < deadline) {
  const caseSeed = seed++;
  const random = rng(caseSeed);
  const base = corpus[Math.floor(random() * corpus.length)];
  const mutant = mutate(base, random);
  const answer = new Promise((resolve) => worker.once('message', resolve));
  worker.postMessage({ bytes: mutant });
  let timer;
  const result = await Promise.race([answer, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), PER_INPUT_MS)))]);
  clearTimeout(timer);
  runs++;
  if (result === 'timeout') {
    found++;
    writeFileSync(join(findings, `hang-${caseSeed}.bin`), mutant);
    await worker.terminate();
    worker = new Worker(WORKER, { eval: true, cwd: ROOT });
    continue;
  }
  for (const [name, outcome] of result) {
    if (outcome === 'ok' || outcome === 'typed') tally[outcome]++;
    else {
      found++;
      writeFileSync(join(findings, `${name}-${caseSeed}.bin`), mutant);
      writeFileSync(join(findings, `${name}-${caseSeed}.txt`), `${outcome}\n`);
    }
  }
}
await worker.terminate();
console.log(`${runs} mutants in ${minutes} min (seeds from ${arg('--seed', 'time')}): ${tally.ok} parses, ${tally.typed} typed errors, ${found} findings${found ? ` in ${findings}` : ''}`);
process.exitCode = found > 0 ? 1 : 0;
