import { parseArgs } from 'node:util';
import { OttError } from '@ott/core';

/** Options shared by the commands that write a stream. */
export interface OutputOptions {
  readonly output: string;
  readonly segmentDuration: number;
  readonly formats: readonly ('hls' | 'dash')[];
  readonly json: boolean;
}

const COMMON = {
  output: { type: 'string', short: 'o' },
  'segment-duration': { type: 'string' },
  formats: { type: 'string' },
  json: { type: 'boolean' },
  ladder: { type: 'string' },
  gop: { type: 'string' },
  preset: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  encrypt: { type: 'string' },
  'key-id': { type: 'string' },
  key: { type: 'string', multiple: true },
  iv: { type: 'string' },
  drm: { type: 'string' },
  cpix: { type: 'string' },
  'cpix-key': { type: 'string' },
  'cpix-trust': { type: 'string', multiple: true },
  'cpix-require-signature': { type: 'boolean' },
  'license-url': { type: 'string' },
  'clear-lead': { type: 'string' },
  'key-period': { type: 'string', multiple: true },
  'key-period-seconds': { type: 'string' },
  'key-uri': { type: 'string' },
  backend: { type: 'string' },
  queue: { type: 'string' },
  'chunk-duration': { type: 'string' },
  threads: { type: 'string' },
  audio: { type: 'string' },
  subtitles: { type: 'string' },
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
} as const;

/** Parsed command line of one command. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: {
    readonly [K in keyof typeof COMMON]?: (typeof COMMON)[K] extends { multiple: true }
      ? string[]
      : (typeof COMMON)[K]['type'] extends 'boolean' ? boolean : string;
  };
}

/** Parses a command's arguments; unknown flags are usage errors. */
export function parseCommandArgs(command: string, argv: readonly string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: COMMON, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (error) {
    throw usage(command, error instanceof Error ? error.message : String(error));
  }
}

/** Reads -o, --segment-duration, --formats and --json with defaults and checks. */
export function outputOptions(command: string, args: ParsedArgs, defaultOutput?: string): OutputOptions {
  const output = args.values.output ?? defaultOutput;
  if (!output) throw usage(command, 'missing -o <dir> (the output folder)');
  const segmentDuration = args.values['segment-duration'] === undefined ? 4 : Number(args.values['segment-duration']);
  if (!Number.isFinite(segmentDuration) || segmentDuration <= 0 || segmentDuration > 60) {
    throw usage(command, `--segment-duration must be a number of seconds in (0, 60], got '${args.values['segment-duration']}'`);
  }
  const formats = (args.values.formats ?? 'hls,dash').split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const format of formats) {
    if (format !== 'hls' && format !== 'dash') throw usage(command, `--formats takes hls and/or dash, got '${format}'`);
  }
  if (formats.length === 0) throw usage(command, '--formats needs at least one of hls, dash');
  return { output, segmentDuration, formats: formats as ('hls' | 'dash')[], json: args.values.json === true };
}

/** A CLI_USAGE error that points at --help. */
export function usage(command: string, problem: string): OttError {
  return new OttError('CLI_USAGE', `${problem}. Run 'ott ${command} --help' or 'ott --help' for usage.`, { stage: 'cli' });
}
