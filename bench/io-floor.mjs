// The I/O floor of any Node packager on this machine: copies an input file into `files` output files (temp file +
// rename, as the folder sink publishes), `concurrency` at a time on libuv's thread pool, with no parsing, no boxes and
// no manifests. Every byte goes kernel → user → kernel once, as in `ott package`.
// Usage: node bench/io-floor.mjs <input> <out dir> [files 153] [concurrency 4]
import { mkdir, open, rename } from 'node:fs/promises';

const [input, out, files = '153', concurrency = '4'] = process.argv.slice(2);
await mkdir(out, { recursive: true });
const source = await open(input, 'r');
const size = (await source.stat()).size;
const count = Number(files);
const piece = Math.ceil(size / count);
let next = 0;
async function worker() {
  const buffer = Buffer.allocUnsafeSlow(piece);
  for (let i = next++; i < count; i = next++) {
    const { bytesRead } = await source.read(buffer, 0, piece, i * piece);
    const temp = `${out}/.s${i}.m4s.tmp`;
    const target = await open(temp, 'w');
    await target.write(buffer, 0, bytesRead);
    await target.close();
    await rename(temp, `${out}/s${i}.m4s`);
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
await source.close();
