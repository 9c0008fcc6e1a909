// Every TSDoc `@example` in packages/*/src type-checks with `tsc --strict` against the BUILT packages (what an IDE
// shows on hover is code that compiles). Conventions, as in the examples themselves:
// - names an example uses without importing them are imported for it: from its own package first, then any @ott
//   package, then rxjs, then Node (`readFile`, `createServer`, …), then the module the example documents (internal
//   helpers such as the RTMP chunk reader);
// - values an example receives from its context are stated with `declare const name: Type;` lines.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeCheck, typeCheckFolder } from './support/typeCheck.js';

const ROOT = join(import.meta.dirname, '../..');
const WORK = typeCheckFolder('tsdoc-examples');

const RXJS = ['of', 'from', 'map', 'filter', 'tap', 'lastValueFrom', 'firstValueFrom', 'toArray', 'Subject', 'Observable', 'take', 'mergeMap', 'concatMap', 'interval'];
const NODE: Record<string, string> = {
  readFile: 'node:fs/promises', writeFile: 'node:fs/promises', open: 'node:fs/promises',
  createReadStream: 'node:fs', createWriteStream: 'node:fs', createServer: 'node:http', randomBytes: 'node:crypto',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Names a package's built entry exports (from its .d.ts `export { … }` lists and declarations). */
function exportsOf(pkg: string, entry = 'index'): Set<string> {
  const names = new Set<string>();
  let dts = '';
  try {
    dts = readFileSync(join(ROOT, 'packages', pkg, 'dist', `${entry}.d.ts`), 'utf8');
  } catch {
    return names;
  }
  for (const m of dts.matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part.trim().replace(/^type /, '').split(' as ').pop()?.trim();
      if (name) names.add(name);
    }
  }
  for (const m of dts.matchAll(/export (?:declare )?(?:function|class|const|interface|type|abstract class) (\w+)/g)) names.add(m[1] ?? '');
  return names;
}

interface Example {
  readonly where: string;
  readonly file: string;
  readonly pkg: string;
  readonly code: string;
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    for (const file of sourceFiles(join(ROOT, 'packages', pkg, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/@example\s*\n(?:\s*\*.*\n)*?\s*\*\s*```(?:ts|typescript)?\s*\n((?:\s*\*.*\n)*?)\s*\*\s*```/g)) {
        const code = (m[1] ?? '').split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
        found.push({ where: `${relative(ROOT, file)}:${text.slice(0, m.index).split('\n').length}`, file, pkg, code });
      }
    }
  }
  return found;
}

function withImports(example: Example, packageExports: ReadonlyMap<string, Set<string>>): string {
  const { code } = example;
  if (/^\s*import\s/m.test(code)) return code;
  const declared = new Set([...code.matchAll(/\b(?:const|let|var|function|class)\s+\{?\s*([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  for (const m of code.matchAll(/\b(?:const|let)\s+[[{]([^\]}=]*)[\]}]\s*=/g)) for (const n of (m[1] ?? '').split(',')) declared.add(n.trim().split(':').pop()?.trim());
  for (const m of code.matchAll(/declare const ([^;]*);/g)) for (const n of (m[1] ?? '').split(/,(?![^<]*>)/)) declared.add(n.trim().split(':')[0]?.trim());
  const used = new Set([...code.replace(/'[^'\n]*'|`[^`]*`|"[^"\n]*"/g, "''").replace(/\/\/.*$/gm, '').matchAll(/(?<![.\w$])([A-Za-z_$][\w$]*)/g)].map((m) => m[1] ?? ''));
  const own = [...exportsOfModule(example.file)];
  const groups = new Map<string, string[]>();
  const add = (from: string, name: string): void => void groups.set(from, [...(groups.get(from) ?? []), name]);
  for (const name of used) {
    if (declared.has(name)) continue;
    const home = packageExports.get(example.pkg)?.has(name) ? example.pkg : [...packageExports.keys()].find((p) => packageExports.get(p)?.has(name));
    if (home) add(home === 'core/media' ? '@ott/core/media' : `@ott/${home}`, name);
    else if (RXJS.includes(name)) add('rxjs', name);
    else if (NODE[name]) add(NODE[name], name);
    else if (own.includes(name)) add(`./${relative(WORK, example.file).replace(/\.ts$/, '.js')}`, name);
  }
  return [...groups].map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`).join('\n') + `\n${code}`;
}

function exportsOfModule(file: string): Set<string> {
  return new Set([...readFileSync(file, 'utf8').matchAll(/^export (?:declare )?(?:async )?(?:function|class|const|interface|type|abstract class) (\w+)/gm)].map((m) => m[1] ?? ''));
}

describe('TSDoc examples', () => {
  it('type-check with tsc --strict against the built packages', () => {
    const all = examples();
    expect(all.length).toBeGreaterThan(60);
    const packageExports = new Map<string, Set<string>>();
    for (const pkg of readdirSync(join(ROOT, 'packages'))) packageExports.set(pkg, exportsOf(pkg));
    const errors = typeCheck(all.map((example) => ({ where: example.where, code: `${withImports(example, packageExports)}\nexport {};\n` })), 'tsdoc-examples');
    expect(errors).toEqual([]);
  }, 120_000);
});
