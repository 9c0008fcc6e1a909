import { resolve } from 'node:path';
import { parseLadderSpec } from '@ott/transcode';
import { outputOptions, parseCommandArgs, usage } from '../args.js';
import { encryptionOptions } from './encryptionOptions.js';
import { printSummary } from '../report/printSummary.js';
import { runWithReport } from '../report/runWithReport.js';
import { gopFor, vodPipeline } from './vodPipeline.js';
import { farmOptions, runVodOnFarm } from './vodFarm.js';
import { commandHelp } from '../help/help.js';


/** `ott vod`: file → ladder → CMAF → HLS + DASH. */
export async function runVod(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('vod', argv);
  if (args.values.help) {
    process.stdout.write(`${commandHelp('vod')}\n`);
    return 0;
  }
  const [input, ...extra] = args.positionals;
  if (!input) throw usage('vod', 'missing <input> (the video file to transcode)');
  if (extra.length > 0) throw usage('vod', `one input only, got also '${extra.join("', '")}'`);
  const out = outputOptions('vod', args);
  const encryption = await encryptionOptions('vod', args);
  if (args.values.backend !== undefined) throw usage('vod', '--backend is an option of ott package (vod transcodes first, then encrypts with @ott/drm)');
  const gopSeconds = args.values.gop === undefined ? gopFor(out.segmentDuration) : Number(args.values.gop);
  if (!(gopSeconds > 0) || Math.abs(out.segmentDuration / gopSeconds - Math.round(out.segmentDuration / gopSeconds)) > 1e-6) {
    throw usage('vod', `--gop must be a positive divisor of the segment duration (${out.segmentDuration} s), got '${args.values.gop}'`);
  }
  const ladder = args.values.ladder === undefined ? undefined : parseLadderSpec(args.values.ladder);
  const output = resolve(out.output);
  const farm = farmOptions(args);
  if (farm !== undefined) {
    if (encryption) throw usage('vod', '--encrypt is not supported with --queue yet (encrypt the farm output with ott package --encrypt)');
    const { preset } = args.values;
    return runVodOnFarm(input, { ...farm, output, segmentDuration: out.segmentDuration, gopSeconds, formats: out.formats, json: out.json, ...(ladder ? { ladder } : {}), ...(preset ? { preset } : {}) });
  }
  const summary = await runWithReport(
    vodPipeline(input, {
      output,
      segmentDuration: out.segmentDuration,
      gopSeconds,
      formats: out.formats,
      ...(ladder ? { ladder } : {}),
      ...(args.values.preset ? { preset: args.values.preset } : {}),
      ...(encryption ? { encryption } : {}),
    }),
    out.json,
  );
  if (out.json) process.stdout.write(`${JSON.stringify({ type: 'done', output, ...summary })}\n`);
  else printSummary(output, summary);
  return 0;
}
