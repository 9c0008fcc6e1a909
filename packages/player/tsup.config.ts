import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

// mpd-parser imports @xmldom/xmldom; in a browser the native DOMParser does the same job (NOTES: 32 KB → 8.4 KB gz).
const xmldomShim = fileURLToPath(new URL('./src/manifest/xmldomShim.ts', import.meta.url));

export default defineConfig([
  {
    // ESM for bundlers, with types; dependencies stay external so apps dedupe them.
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    platform: 'browser',
    target: 'es2020',
  },
  {
    // One self-contained script: <script src="ott-player.min.js"> → window.OttPlayer.createPlayer.
    entry: { 'ott-player': 'src/index.ts' },
    format: ['iife'],
    globalName: 'OttPlayer',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    noExternal: [/.*/],
    outExtension: () => ({ js: '.min.js' }),
    esbuildOptions(options) {
      options.alias = { '@xmldom/xmldom': xmldomShim };
      options.define = { ...options.define, 'process.env.NODE_ENV': '"production"' };
    },
  },
]);
