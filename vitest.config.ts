import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      // Subpath entries first: an alias matches by prefix.
      '@ott/core/media': fileURLToPath(new URL('./packages/core/src/media.ts', import.meta.url)),
      '@ott/core': src('core'),
      '@ott/ingest': src('ingest'),
      '@ott/transcode': src('transcode'),
      '@ott/farm': src('farm'),
      '@ott/packager': src('packager'),
      '@ott/drm': src('drm'),
      '@ott/player': src('player'),
      '@ott/origin': src('origin'),
      '@ott/s3': src('s3'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
