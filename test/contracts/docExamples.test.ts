// Every TypeScript block in docs/ and the READMEs type-checks with `tsc --strict` against the BUILT packages, as a
// user's app would see them (the same .d.ts files npm ships). A block that starts with `// examples/<file>.ts` is an
// excerpt of that example (which CI type-checks and runs itself): each of its lines must be in the file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const WORK = join(ROOT, 'node_modules', `.ott-doc-examples-${process.pid}`);
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

interface Block {
  readonly where: string;
  readonly code: string;
}

function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f));
  const readmes = readdirSync(join(ROOT, 'packages')).map((p) => join(ROOT, 'packages', p, 'README.md'));
  return [join(ROOT, 'README.md'), ...docs, ...readmes.filter((f) => { try { readFileSync(f); return true; } catch { return false; } })];
}

/** Fenced ```ts blocks, indentation of list items removed. */
export function tsBlocks(markdown: string, file: string): Block[] {
  const blocks: Block[] = [];
  for (const m of markdown.matchAll(/^( *)```(?:ts|typescript)\n([\s\S]*?)^\1```$/gm)) {
    const indent = m[1] ?? '';
    const code = (m[2] ?? '').split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n');
    const line = markdown.slice(0, m.index).split('\n').length;
    blocks.push({ where: `${relative(ROOT, file)}:${line}`, code });
  }
  return blocks;
}

const all = markdownFiles().flatMap((file) => tsBlocks(readFileSync(file, 'utf8'), file));
const excerpts = all.filter((b) => /^\/\/ examples\/[\w-]+\.ts/.test(b.code));
const complete = all.filter((b) => !excerpts.includes(b));

describe('TypeScript in the docs', () => {
  it('finds the blocks', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it('excerpts of examples/ match their file line for line', () => {
    const missing: string[] = [];
    for (const block of excerpts) {
      const file = /^\/\/ (examples\/[\w-]+\.ts)/.exec(block.code)?.[1] as string;
      const lines = new Set(readFileSync(join(ROOT, file), 'utf8').split('\n').map((l) => l.trim()));
      for (const line of block.code.split('\n').slice(1).map((l) => l.trim())) {
        if (line !== '' && !line.startsWith('//') && !lines.has(line)) missing.push(`${block.where}: "${line}" is not in ${file}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every other block type-checks with tsc --strict against the built packages', () => {
    mkdirSync(WORK, { recursive: true });
    writeFileSync(join(WORK, 'package.json'), '{ "type": "module" }\n');
    const names = complete.map((block, i) => {
      const name = `block${i}.ts`;
      const code = /^\s*(import|export)\s/m.test(block.code) ? block.code : `${block.code}\nexport {};\n`;
      writeFileSync(join(WORK, name), code);
      return { name, where: block.where };
    });
    writeFileSync(join(WORK, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2024', 'DOM'], types: ['node'], skipLibCheck: true },
      include: ['*.ts'],
    }));
    let output = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', WORK], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    const errors = output.split('\n').filter((l) => l.includes('error TS')).map((l) => {
      const file = /^(block\d+\.ts)/.exec(l.replace(/^.*?(block\d+\.ts)/, '$1'))?.[1];
      return `${names.find((n) => n.name === file)?.where ?? '?'}: ${l.replace(/^.*?block\d+\.ts/, '')}`;
    });
    expect(errors).toEqual([]);
  }, 120_000);
});
