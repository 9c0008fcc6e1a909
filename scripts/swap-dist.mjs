// Replaces a package's dist/ by a finished build in dist.tmp/ with two renames, so a test or server reading dist/
// while the package rebuilds never sees it empty or half written. Run from the package folder after
// `tsup --out-dir dist.tmp`.
import { existsSync, renameSync, rmSync } from 'node:fs';

rmSync('dist.old', { recursive: true, force: true });
if (existsSync('dist')) renameSync('dist', 'dist.old');
renameSync('dist.tmp', 'dist');
rmSync('dist.old', { recursive: true, force: true });
