import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli } from '../../e2e/runCli.js';
import type { CliRun } from '../../e2e/runCli.js';

const MEASURE = fileURLToPath(new URL('./measure.mjs', import.meta.url));

/** One `ott` run with what it cost, measured inside the child (its own peak RSS and CPU, not the test's). */
export interface MeasuredRun extends CliRun {
  readonly maxRssBytes: number;
  readonly cpuSeconds: number;
  /** The OttError code of the one-line `ott: error CODE: …` message, if any. */
  readonly errorCode: string | undefined;
}

let counter = 0;

/** Runs the BUILT `ott` with {@link MEASURE} preloaded. */
export async function runMeasured(args: readonly string[]): Promise<MeasuredRun> {
  const file = join(tmpdir(), `ott-measure-${process.pid}-${counter++}.json`);
  const run = await runCli(args, { env: { OTT_MEASURE_FILE: file, NODE_OPTIONS: `--import ${pathToFileURL(MEASURE).href}` } });
  const measured = JSON.parse(await readFile(file, 'utf8')) as { maxRssBytes: number; cpuSeconds: number };
  await rm(file, { force: true });
  const errorCode = /^ott: error ([A-Z0-9_]+):/m.exec(run.stderr)?.[1];
  return { ...run, ...measured, errorCode };
}

/** The budget for a hostile input: a typed error within 300 MB of peak RSS and 5 s of CPU. */
export const BUDGET = { maxRssBytes: 300 * 1024 * 1024, cpuSeconds: 5 } as const;
