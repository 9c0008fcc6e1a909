import { join, relative } from 'node:path';
import type { RunSummary } from './runWithReport.js';

/** Prints where the output is and how to play it (stderr, so stdout stays clean for --json). */
export function printSummary(output: string, summary: RunSummary): void {
  const shown = relative(process.cwd(), output) || '.';
  const mb = (summary.bytes / 1e6).toFixed(1);
  const lines = [
    `done in ${summary.seconds.toFixed(1)} s: ${summary.segments} segments (${mb} MB) in ${shown}/`,
    ...summary.manifests.filter((m) => !m.includes('/')).map((m) => `  ${join(shown, m)}`),
    'watch it in a browser (the watch page of @ott/player; Ctrl-C stops the server):',
    `  npx ott serve ${shown}`,
    '  → http://127.0.0.1:8080/',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}
