import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/ott-player.min.js', import.meta.url));
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
