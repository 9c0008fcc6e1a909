// Package dependencies point only down: core ← the stage packages (ingest, transcode, packager, drm, origin, s3)
// ← farm (which drives transcode, packager, drm and s3) ← cli, and the browser player takes only core's browser entry. A stage never imports another stage, and no
// package imports an @ott package it does not declare. Tests may use a sibling as a real producer of input, declared
// as a devDependency.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const PACKAGES = readdirSync(join(ROOT, 'packages')).filter((name) => statSync(join(ROOT, 'packages', name)).isDirectory());
const STAGES = new Set(['ingest', 'transcode', 'packager', 'drm', 'origin', 's3', 'farm']);
/**
 * The farm orchestrates stages (it encodes chunks with the transcoder, stitches them through the packager, encrypts
 * with drm and stores through the sinks, s3 included), like the CLI but below it: those are its only sideways
 * dependencies, and no stage depends on the farm.
 */
const EXCEPTIONS = new Set(['farm → transcode', 'farm → packager', 'farm → drm', 'farm → s3']);

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `@ott/*` specifiers of import/export statements (comments and strings elsewhere are ignored). */
function ottImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*'(@ott\/[^']+)'|^\s*import\s*'(@ott\/[^']+)'|\bimport\(\s*'(@ott\/[^']+)'\s*\)/gm)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

const isTestFile = (path: string): boolean => /\.test\.ts$|\.test-helper\.ts$|\/testing\//.test(path);

function violations(): string[] {
  const found: string[] = [];
  for (const pkg of PACKAGES) {
    if (!STAGES.has(pkg) && !['core', 'player', 'cli'].includes(pkg)) found.push(`packages/${pkg}: a new package; place it in the layering of this test`);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8')) as Manifest;
    const runtime = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
    const any = new Set([...runtime, ...Object.keys(manifest.devDependencies ?? {})]);
    const down = (target: string): boolean => {
      if (pkg === 'cli') return true;
      if (pkg === 'core') return false;
      if (pkg === 'player') return target === '@ott/core/media';
      return target === '@ott/core' || EXCEPTIONS.has(`${pkg} → ${target.slice(5)}`);
    };
    for (const dep of runtime) {
      if (dep.startsWith('@ott/') && !down(dep)) found.push(`packages/${pkg}/package.json: depends on ${dep}`);
    }
    for (const file of filesUnder(join(ROOT, 'packages', pkg, 'src'))) {
      const where = relative(ROOT, file);
      for (const specifier of ottImports(readFileSync(file, 'utf8'))) {
        const name = specifier.split('/').slice(0, 2).join('/');
        if (name === `@ott/${pkg}`) found.push(`${where}: imports its own package ${specifier} (use a relative path)`);
        else if (!(isTestFile(file) ? any : pkg === 'player' ? any : runtime).has(name)) found.push(`${where}: imports ${specifier}, not declared in packages/${pkg}/package.json`);
        else if (!isTestFile(file) && !down(specifier)) found.push(`${where}: imports ${specifier}, against the direction core ← stages ← cli`);
      }
    }
  }
  return found;
}

describe('package dependencies', () => {
  it('point only down, and every @ott import is declared', () => {
    expect(violations()).toEqual([]);
  });

  it('finds a stage importing a stage (so the check can fail)', () => {
    expect(ottImports("import { toFolder } from '@ott/packager';\n// import { x } from '@ott/origin'\nconst m = import('@ott/s3');")).toEqual(['@ott/packager', '@ott/s3']);
  });
});
