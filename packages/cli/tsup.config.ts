import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

const require = createRequire(import.meta.url);
const rxjsEs2015 = join(dirname(require.resolve('rxjs')), '../esm/index.js');
/** `ott --version` (src/version.ts) is the package's own version. */
const env = { OTT_VERSION: (require('./package.json') as { version: string }).version };

export default defineConfig([
  {
    // The library entry: @ott packages and rxjs stay external (one shared copy in the user's app).
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: false, // both builds share dist/: the package's build script empties it first
    sourcemap: false,
    target: 'node22',
    env,
  },
  {
    // The `ott` command: one self-contained ESM file with the @ott stages and the parts of rxjs they use, so the
    // command starts in ~half the time (resolving and compiling rxjs's many CommonJS files was a third of a short
    // `ott package` run).
    entry: ['src/bin.ts'],
    format: ['esm'],
    clean: false,
    sourcemap: false,
    target: 'node22',
    env,
    noExternal: [/^@ott\//, 'rxjs'],
    // The transcode farm's queue client stays a package of its own, loaded (with ioredis) only by the farm commands.
    external: ['bullmq', 'werift', /^@aws-sdk\//],
    treeshake: true,
    // rxjs's ES2015 modules instead of its CommonJS build (the `node` export condition): only the operators used are
    // bundled and nothing is evaluated through a require shim, ~20 ms less start-up.
    esbuildPlugins: [
      {
        name: 'rxjs-es2015',
        setup(build) {
          build.onResolve({ filter: /^rxjs$/ }, () => ({ path: rxjsEs2015 }));
        },
      },
    ],
  },
]);
