// `@ott/core/media` is what the browser player bundles: it must build for the browser with no Node module anywhere
// in its import graph (the main entry imports node:fs, which is why this entry exists).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('@ott/core/media', () => {
  it('bundles for the browser with no Node import', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./media.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('codecStringFor'))).toBe(true);
    expect(inputs.filter((path) => path.startsWith('node:') || /\/node\//.test(path))).toEqual([]);
    expect(result.outputFiles[0]?.text).not.toMatch(/from\s*["']node:/);
  });

  it('fails the same check for the Node entry (so the check can fail)', async () => {
    await expect(build({ entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))], bundle: true, platform: 'browser', write: false, logLevel: 'silent' })).rejects.toThrow(/node:/);
  });
});
