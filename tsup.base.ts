import type { Options } from 'tsup';

/** The build every Node library package shares: ESM + CJS + d.ts from src/index.ts, for Node 20. */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
};
