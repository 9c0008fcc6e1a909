import { resolve } from 'node:path';
import { merge } from 'rxjs';
import { BufferPool } from '@ott/core';
import type { TrackInfo } from '@ott/core';
import { readMp4File, segmentCmaf, toFolder, writeManifests } from '@ott/packager';
import { outputOptions, parseCommandArgs, usage } from '../args.js';
import { encryptionOptions, writeAes128KeyFiles } from './encryptionOptions.js';
import { printSummary } from '../report/printSummary.js';
import { runWithReport } from '../report/runWithReport.js';
import { commandHelp } from '../help/help.js';


/** `ott package`: MP4 files → CMAF → HLS + DASH, no re-encode. */
export async function runPackage(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('package', argv);
  if (args.values.help) {
    process.stdout.write(`${commandHelp('package')}\n`);
    return 0;
  }
  if (args.positionals.length === 0) throw usage('package', 'missing <input.mp4> (one or more encoded MP4 files)');
  const out = outputOptions('package', args);
  const encryption = await encryptionOptions('package', args);
  const output = resolve(out.output);
  const backend = args.values.backend ?? 'ott';
  if (backend !== 'ott' && backend !== 'shaka-packager') throw usage('package', `--backend takes ott or shaka-packager, got '${backend}'`);
  if (backend === 'shaka-packager') {
    if (encryption === undefined || encryption.scheme === 'aes-128' || encryption.key === undefined) {
      throw usage('package', '--backend shaka-packager needs --encrypt cenc|cbcs with --key-id/--key (no CPIX, key periods or aes-128)');
    }
    const { scheme, key } = encryption;
    const { encryptWithShakaPackager } = await import('@ott/drm');
    const shaka = encryptWithShakaPackager({
      inputs: args.positionals, output, scheme, key, segmentDuration: out.segmentDuration, formats: [...out.formats],
      ...(encryption.drmSystems ? { drmSystems: encryption.drmSystems } : {}),
      ...(encryption.iv ? { iv: encryption.iv } : {}),
      ...(encryption.clearLeadSeconds ? { clearLeadSeconds: encryption.clearLeadSeconds } : {}),
    });
    const summary = await runWithReport(shaka, out.json);
    if (out.json) process.stdout.write(`${JSON.stringify({ type: 'done', output, backend, ...summary })}\n`);
    else printSummary(output, summary);
    return 0;
  }
  const taken = new Set<string>();
  const renditionIdOf = (track: TrackInfo): string => uniqueId(baseId(track), taken);
  // Nothing after the sink reads the sample bytes, so their buffers are reused once written (Common Encryption copies
  // each segment into a pooled buffer and gives the clear ones back; HLS AES-128 does not take part).
  const pool = encryption === undefined || encryption.scheme !== 'aes-128' ? new BufferPool() : undefined;
  // Loaded only to encrypt: plain packaging does not pay for compiling @ott/drm at start-up.
  const encrypt = encryption === undefined ? undefined : (await import('@ott/drm')).encryptCmaf(pool ? { ...encryption, pool } : encryption);
  const sources = args.positionals.map((input) => readMp4File(input, { renditionIdOf, ...(pool ? { pool } : {}) }));
  const summary = await runWithReport(
    merge(...sources).pipe(
      segmentCmaf({ segmentDuration: out.segmentDuration }),
      encrypt ?? ((items) => items),
      writeManifests({ formats: [...out.formats] }),
      writeAes128KeyFiles(output, encryption),
      toFolder(output, pool ? { pool } : {}),
    ),
    out.json,
    { gcPacing: pool === undefined },
  );
  if (out.json) process.stdout.write(`${JSON.stringify({ type: 'done', output, ...summary })}\n`);
  else printSummary(output, summary);
  return 0;
}

function baseId(track: TrackInfo): string {
  if (track.kind === 'video') return `video_${track.height ?? track.id}p`;
  return `audio_${track.codec.startsWith('mp4a') ? 'aac' : track.codec.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
  taken.add(id);
  return id;
}
