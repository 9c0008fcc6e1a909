import { resolve } from 'node:path';
import { defaultLadder, parseLadderSpec } from '@ott/transcode';
import { isS3Url, languageTag } from '@ott/core';
import type { Ladder } from '@ott/core';
import { outputOptions, parseCommandArgs, usage } from '../args.js';
import { readSourceSubtitles, readSubtitleFlag } from './subtitleFlag.js';
import { encryptionOptions } from './encryptionOptions.js';
import { printSummary } from '../report/printSummary.js';
import { runWithReport } from '../report/runWithReport.js';
import { gopFor, vodPipeline } from './vodPipeline.js';
import { farmOptions, runVodOnFarm } from './vodFarm.js';
import { commandHelp } from '../help/help.js';
import type { ParsedArgs } from '../args.js';


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
  const ladder = withAudioLanguages(args.values.ladder === undefined ? undefined : parseLadderSpec(args.values.ladder), args.values.audio);
  const toBucket = isS3Url(out.output);
  const output = toBucket ? out.output : resolve(out.output);
  const s3 = s3Connection(args, toBucket);
  if (toBucket && encryption?.scheme === 'aes-128' && encryption.keyUri === undefined) {
    throw usage('vod', '--encrypt aes-128 to s3:// needs --key-uri <url> (serve the key from your key server, not from the public bucket)');
  }
  const sidecars = args.values.subtitles === undefined ? undefined : await readSubtitleFlag(args.values.subtitles);
  const farm = farmOptions(args);
  if (farm !== undefined) {
    if (sidecars !== undefined) throw usage('vod', '--subtitles is not supported with --queue yet (add them with ott vod without --queue)');
    const { preset } = args.values;
    return runVodOnFarm(input, {
      ...farm, output, segmentDuration: out.segmentDuration, gopSeconds, formats: out.formats, json: out.json,
      ...(ladder ? { ladder } : {}), ...(preset ? { preset } : {}), ...(encryption ? { encryption } : {}), ...(s3 ? { s3 } : {}),
    });
  }
  const subtitles = await withSourceSubtitles(input, sidecars);
  const summary = await runWithReport(
    vodPipeline(input, {
      output,
      segmentDuration: out.segmentDuration,
      gopSeconds,
      formats: out.formats,
      ...(ladder ? { ladder } : {}),
      ...(args.values.preset ? { preset: args.values.preset } : {}),
      ...(encryption ? { encryption } : {}),
      ...(s3 ? { s3 } : {}),
      ...(subtitles ? { subtitles } : {}),
    }),
    out.json,
  );
  if (out.json) process.stdout.write(`${JSON.stringify({ type: 'done', output, ...summary })}\n`);
  else printSummary(output, summary);
  return 0;
}

/** `--s3-endpoint` / `--s3-region` for an `-o s3://bucket/prefix` output (credentials come from the environment). */
function s3Connection(args: ParsedArgs, toBucket: boolean): { endpoint?: string; region?: string } | undefined {
  const endpoint = args.values['s3-endpoint'];
  const region = args.values['s3-region'];
  if (!toBucket) {
    if (endpoint !== undefined || region !== undefined) throw usage('vod', '--s3-endpoint and --s3-region need -o s3://<bucket>/<prefix>');
    return undefined;
  }
  return { ...(endpoint === undefined ? {} : { endpoint }), ...(region === undefined ? {} : { region }) };
}

/**
 * `--audio en,fr,de`: the source's audio streams in those languages, in that order (each audio rung once per
 * language; a language the source does not have is an INVALID_LADDER error naming those it has). Without it every
 * audio stream of the source is kept.
 */
function withAudioLanguages(ladder: Ladder | undefined, audio: string | undefined): Ladder | undefined {
  if (audio === undefined) return ladder;
  const languages = audio.split(',').map((l) => l.trim()).filter(Boolean);
  const tags = languages.map((l) => languageTag(l));
  const bad = languages.find((_, i) => tags[i] === undefined);
  if (bad !== undefined || languages.length === 0) throw usage('vod', `--audio takes language codes like en,fr,de, got '${bad ?? audio}'`);
  const base = ladder ?? defaultLadder;
  const rungs = base.audio.flatMap((rung) => tags.map((language) => ({ ...rung, id: `${rung.id}_${language}`, language: language as string })));
  return { ...base, audio: rungs };
}

/** Sidecar subtitles plus the text subtitle streams of the input itself (`undefined` when there are none). */
async function withSourceSubtitles(input: string, sidecars: Awaited<ReturnType<typeof readSubtitleFlag>> | undefined): Promise<Awaited<ReturnType<typeof readSubtitleFlag>> | undefined> {
  const inside = await readSourceSubtitles(input, sidecars?.tracks ?? []);
  if (inside.tracks.length === 0) return sidecars;
  return { tracks: [...(sidecars?.tracks ?? []), ...inside.tracks], warnings: [...(sidecars?.warnings ?? []), ...inside.warnings] };
}
