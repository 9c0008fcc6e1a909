import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './prepareContent.js';

/** One script's size: raw (minified) and gzip level 9. */
export interface BundleSize {
  readonly name: string;
  readonly file: string;
  readonly version: string;
  readonly minBytes: number;
  readonly gzipBytes: number;
}

const BUNDLES: readonly { name: string; file: string; pkg: string }[] = [
  { name: '@ott/player (IIFE, HLS + DASH + EME + CMCD)', file: 'packages/player/dist/ott-player.min.js', pkg: 'packages/player/package.json' },
  { name: 'hls.js light (no EME, subtitles, alt audio)', file: 'node_modules/hls.js/dist/hls.light.min.js', pkg: 'node_modules/hls.js/package.json' },
  { name: 'hls.js full', file: 'node_modules/hls.js/dist/hls.min.js', pkg: 'node_modules/hls.js/package.json' },
  { name: 'dash.js mediaplayer (no EME)', file: 'node_modules/dashjs/dist/modern/umd/dash.mediaplayer.min.js', pkg: 'node_modules/dashjs/package.json' },
  { name: 'dash.js all', file: 'node_modules/dashjs/dist/modern/umd/dash.all.min.js', pkg: 'node_modules/dashjs/package.json' },
  { name: 'Shaka Player DASH-only build', file: 'node_modules/shaka-player/dist/shaka-player.dash.js', pkg: 'node_modules/shaka-player/package.json' },
  { name: 'Shaka Player compiled (HLS + DASH)', file: 'node_modules/shaka-player/dist/shaka-player.compiled.js', pkg: 'node_modules/shaka-player/package.json' },
];

/** Measures the dist scripts of our player and the reference players (min bytes and zlib gzip level 9). */
export function measureBundles(): BundleSize[] {
  return BUNDLES.filter((b) => existsSync(path.join(ROOT, b.file))).map((b) => {
    const bytes = readFileSync(path.join(ROOT, b.file));
    const version = (JSON.parse(readFileSync(path.join(ROOT, b.pkg), 'utf8')) as { version: string }).version;
    return { name: b.name, file: b.file, version, minBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
}
