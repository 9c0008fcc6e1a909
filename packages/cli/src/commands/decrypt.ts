import { resolve } from 'node:path';
import { KeyRing, decryptMp4File } from '@ott/drm';
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
  const target = resolve(output);
  // Streams: memory holds one fragment whatever the input's length; the output appears only when complete.
  const counts = await decryptMp4File(args.positionals, target, ring);
  const what = counts.decryptedSamples === 0
    ? 'no encrypted samples: copied as is (protection boxes removed)'
    : `decrypted ${counts.decryptedSamples} samples in ${counts.fragments} fragments`;
  if (args.values.json) process.stdout.write(`${JSON.stringify({ type: 'done', output: target, bytes: counts.bytesOut, decryptedSamples: counts.decryptedSamples, fragments: counts.fragments })}\n`);
  else process.stdout.write(`ott: ${what}; wrote ${counts.bytesOut} bytes to ${target}\n`);
  return 0;
}
