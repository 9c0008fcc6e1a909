// Fails when package-lock.json no longer matches the package.json files (root and workspaces): the dependency ranges
// recorded for each workspace must be the ones its package.json declares, as `npm ci` requires. (`npm ci --dry-run`
// does not compare them.) Run by `npm run lint`; fix with: rm -rf node_modules package-lock.json && npm install.
import { readFileSync } from 'node:fs';

const FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const root = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];
for (const folder of ['', ...root.workspaces]) {
  const manifest = JSON.parse(readFileSync(folder === '' ? 'package.json' : `${folder}/package.json`, 'utf8'));
  const locked = lock.packages?.[folder];
  if (locked === undefined) {
    problems.push(`${folder || 'the root'} is missing from the lockfile`);
    continue;
  }
  if (folder !== '' && locked.version !== manifest.version) problems.push(`${folder}: version ${manifest.version}, lockfile ${locked.version}`);
  for (const field of FIELDS) {
    const want = manifest[field] ?? {};
    const have = locked[field] ?? {};
    for (const name of new Set([...Object.keys(want), ...Object.keys(have)])) {
      if (want[name] !== have[name]) problems.push(`${folder || 'root'} ${field}.${name}: package.json ${want[name] ?? '(none)'}, lockfile ${have[name] ?? '(none)'}`);
    }
  }
}
// A lockfile written over an existing node_modules lacks other platforms' optional binaries (rollup's, esbuild's):
// `npm ci` refuses it, and a macOS or arm64 install breaks. Every optional dependency must resolve in the lockfile.
const resolves = (from, name) => {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    if (lock.packages[`${dir === '' ? '' : `${dir}/`}node_modules/${name}`] !== undefined) return true;
    if (dir === '') return false;
  }
};
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (!resolves(path, name)) problems.push(`${path || 'root'}: optional dependency ${name} is not in the lockfile`);
  }
}
if (problems.length > 0) {
  process.stderr.write(`package-lock.json is out of sync with the package.json files:\n  ${problems.join('\n  ')}\n` +
    'Regenerate it from scratch: rm -rf node_modules package-lock.json && npm install\n');
  process.exit(1);
}
