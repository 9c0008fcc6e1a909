import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');

/**
 * Type-checks snippets with `tsc --strict` as a user's ESM app would see our packages: written to a folder inside
 * node_modules (so `@ott/*` resolves to the BUILT packages and their .d.ts), compiled together, removed after.
 * Returns one line per error, `<where>: (line,col): error TSnnnn: …`, where `where` names the snippet's source.
 */
export function typeCheck(snippets: readonly { readonly where: string; readonly code: string }[], folder: string): string[] {
  const work = join(ROOT, 'node_modules', `.ott-${folder}-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    writeFileSync(join(work, 'package.json'), '{ "type": "module" }\n');
    snippets.forEach((snippet, i) => writeFileSync(join(work, `snippet${i}.ts`), /^\s*(import|export)\s/m.test(snippet.code) ? snippet.code : `${snippet.code}\nexport {};\n`));
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2024', 'DOM'], types: ['node'], skipLibCheck: true, rootDir: ROOT },
      include: ['*.ts'],
    }));
    let output = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', work], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    return output.split('\n').filter((l) => /snippet\d+\.ts\(\d+,\d+\): error TS/.test(l)).map((l) => {
      const i = Number(/snippet(\d+)\.ts/.exec(l)?.[1]);
      return `${snippets[i]?.where ?? '?'}: ${l.replace(/^.*?snippet\d+\.ts/, '')}`;
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The folder snippets are written to, for imports relative to it (`./…` of a source file). */
export function typeCheckFolder(folder: string): string {
  return join(ROOT, 'node_modules', `.ott-${folder}-${process.pid}`);
}
