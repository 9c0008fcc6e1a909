import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/ott-player.min.js', import.meta.url));
const ESM_ENTRY = fileURLToPath(new URL('../dist/index.js', import.meta.url));
/** What an app's bundler may spend on `createPlayer` from the npm entry (min+gzip). */
const NPM_ENTRY_BUDGET_BYTES = 45 * 1024;
/** The budget for the whole player (IIFE, min+gzip). hls.js light is 120 KB (NOTES.md). */
const BUDGET_BYTES = 60 * 1024;

describe('@ott/player bundle size', () => {
  it('keeps the IIFE build (window.OttPlayer) within 60 KB min+gzip', () => {
    if (!existsSync(BUNDLE)) execFileSync('npm', ['run', 'build'], { cwd: PACKAGE, stdio: 'ignore' });
    const code = readFileSync(BUNDLE);
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(code.toString('utf8')).toContain('OttPlayer');
    expect(gzipped, `ott-player.min.js is ${(gzipped / 1024).toFixed(1)} KB min+gzip; the budget is 60 KB`).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('does not bundle @xmldom/xmldom (the browser DOMParser replaces it)', () => {
    if (!existsSync(BUNDLE)) execFileSync('npm', ['run', 'build'], { cwd: PACKAGE, stdio: 'ignore' });
    expect(readFileSync(BUNDLE, 'utf8')).not.toMatch(/xmldom/i);
  });
});

describe('@ott/player from npm, through an app bundler', () => {
  it('bundles createPlayer from the ESM entry within 45 KB min+gzip, with no Node built-in and no xmldom', async () => {
    if (!existsSync(ESM_ENTRY)) execFileSync('npm', ['run', 'build'], { cwd: PACKAGE, stdio: 'ignore' });
    const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const imported: string[] = [];
    const result = await build({
      stdin: { contents: "import { createPlayer } from './dist/index.js'; globalThis.play = createPlayer;", resolveDir: PACKAGE, loader: 'js' },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      logLevel: 'silent',
      plugins: [{
        name: 'record-imports',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            imported.push(args.path);
            return undefined;
          });
        },
      }],
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(imported.filter((spec) => nodeBuiltins.has(spec))).toEqual([]);
    expect(Buffer.from(code).toString('utf8')).not.toMatch(/xmldom/i);
    expect(gzipped, `the npm entry bundles to ${(gzipped / 1024).toFixed(1)} KB min+gzip; the budget is 45 KB`).toBeLessThanOrEqual(NPM_ENTRY_BUDGET_BYTES);
  });
});
