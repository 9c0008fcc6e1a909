import { join, relative } from 'node:path';
import type { RunSummary } from './runWithReport.js';

/** Prints where the output is and how to play it (stderr, so stdout stays clean for --json). */
export function printSummary(output: string, summary: RunSummary): void {
  const shown = relative(process.cwd(), output) || '.';
  const mb = (summary.bytes / 1e6).toFixed(1);
  const lines = [
    `done in ${summary.seconds.toFixed(1)} s: ${summary.segments} segments (${mb} MB) in ${shown}/`,
    ...summary.manifests.filter((m) => !m.includes('/')).map((m) => `  ${join(shown, m)}`),
    'play it:',
    `  ffplay ${join(shown, summary.manifests.includes('master.m3u8') ? 'master.m3u8' : 'manifest.mpd')}`,
    `  or serve the folder over HTTP (npx ott serve ${shown} --port 8080) and open`,
    '  http://127.0.0.1:8080/master.m3u8 (HLS) or /manifest.mpd (DASH) in hls.js, dash.js, Shaka Player, Safari or VLC',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}
