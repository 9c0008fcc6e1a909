// Every TypeScript block in docs/ and the READMEs type-checks with `tsc --strict` against the BUILT packages, as a
// user's app would see them (the same .d.ts files npm ships). A block that starts with `// examples/<file>.ts` is an
// excerpt of that example (which CI type-checks and runs itself): each of its lines must be in the file.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeCheck } from './support/typeCheck.js';

const ROOT = join(import.meta.dirname, '../..');

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
    expect(typeCheck(complete, 'doc-examples')).toEqual([]);
  }, 120_000);
});
