// Every error code a caller can meet is in docs/errors.md with what it means: users match on codes, so the list
// must not fall behind the type that defines them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const codesSource = readFileSync(resolve(import.meta.dirname, 'codes.ts'), 'utf8');
const docs = readFileSync(resolve(import.meta.dirname, '../../../../docs/errors.md'), 'utf8');

describe('docs/errors.md', () => {
  it('lists every OttErrorCode in a table row', () => {
    const codes = [...new Set([...codesSource.matchAll(/\| '([A-Z0-9_]+)'|= '([A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]))];
    expect(codes.length).toBeGreaterThan(40);
    const documented = new Set([...docs.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].filter((m) => docs.slice(docs.lastIndexOf('\n', m.index) + 1).startsWith('|')).map((m) => m[1]));
    expect(codes.filter((code) => !documented.has(code))).toEqual([]);
  });
});
