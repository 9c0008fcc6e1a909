import type { Options } from 'tsup';

/** The build every Node library package shares: ESM + CJS + d.ts from src/index.ts, for Node 22.12+ (engines). No source maps: they were 58–79 % of each tarball. */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node22',
};
