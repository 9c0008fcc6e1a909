import { resolve } from 'node:path';
import { parseLadderSpec } from '@ott/transcode';
import { outputOptions, parseCommandArgs, usage } from '../args.js';
import { encryptionOptions } from './encryptionOptions.js';
import { printSummary } from '../report/printSummary.js';
import { runWithReport } from '../report/runWithReport.js';
import { gopFor, vodPipeline } from './vodPipeline.js';
import { farmOptions, runVodOnFarm } from './vodFarm.js';

const HELP = `ott vod <input> -o <dir> [--ladder <spec>] [--segment-duration <s>] [--gop <s>] [--preset <name>] [--formats hls,dash] [--json]
    [--encrypt cenc|cbcs|aes-128 --key-id <hex> --key <hex> [--iv <hex>] [--drm widevine,playready,fairplay,clearkey]
     [--license-url <url>] [--clear-lead <s>]] [--cpix <file|url> [--cpix-key <pem>] [--key-period-seconds <s>] instead of --key-id/--key]
    [--key-period <kid>:<key>@<start s> ... (key rotation, instead of --key-id/--key)] [--key-uri <url> (aes-128)]
    [--queue <redis-url> [--chunk-duration <s>] [--threads <n>]]   (transcode farm: workers run 'ott worker')

Transcodes <input> (a file or URL ffmpeg reads) into an ABR ladder with one ffmpeg process, cuts it into CMAF
segments and writes HLS (master.m3u8) and DASH (manifest.mpd) from the same files into <dir>.
With --queue, the job goes to the transcode farm on that Redis instead: the video is cut into chunks (default ~30 s,
a multiple of the segment duration) that 'ott worker' processes on any number of machines encode in parallel, then
one worker stitches them into the same HLS + DASH output. <input> and <dir> must be on storage every worker sees at
the same path.`;

/** `ott vod`: file → ladder → CMAF → HLS + DASH. */
export async function runVod(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('vod', argv);
  if (args.values.help) {
    process.stdout.write(`${HELP}\n`);
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
