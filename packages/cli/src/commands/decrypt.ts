import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkInputFile } from '@ott/core';
import { KeyRing, decryptMp4Report } from '@ott/drm';
import { parseCommandArgs, usage } from '../args.js';
import { commandHelp } from '../help/help.js';


/** `ott decrypt`: check any CENC file with known keys. */
export async function runDecrypt(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('decrypt', argv);
  if (args.values.help) {
    process.stdout.write(`${commandHelp('decrypt')}\n`);
    return 0;
  }
  if (args.positionals.length === 0) throw usage('decrypt', 'missing <in.mp4> (the encrypted file, or init + segments)');
  const output = args.values.output;
  if (output === undefined) throw usage('decrypt', 'missing -o <out.mp4>');
  const keys = args.values.key ?? [];
  if (keys.length === 0) throw usage('decrypt', 'missing --key <hex> (or --key <kid hex>:<key hex>)');
  const ring = KeyRing.fromArgs(keys);
  // Every input is a regular, readable, non-empty file before any is read: a FIFO would block, /dev/zero never end.
  for (const path of args.positionals) await checkInputFile(path, 'drm');
  const parts = await Promise.all(args.positionals.map((p) => readFile(p)));
  // eslint-disable-next-line no-restricted-properties -- one-off CLI read of whole files, not a hot path
  const report = decryptMp4Report(Buffer.concat(parts), ring);
  const clear = report.bytes;
  const target = resolve(output);
  await writeFile(`${target}.partial`, clear);
  await rename(`${target}.partial`, target);
  const what = report.decryptedSamples === 0
    ? 'no encrypted samples: copied as is (protection boxes removed)'
    : `decrypted ${report.decryptedSamples} samples in ${report.fragments} fragments`;
  if (args.values.json) process.stdout.write(`${JSON.stringify({ type: 'done', output: target, bytes: clear.byteLength, decryptedSamples: report.decryptedSamples, fragments: report.fragments })}\n`);
  else process.stdout.write(`ott: ${what}; wrote ${clear.byteLength} bytes to ${target}\n`);
  return 0;
}
