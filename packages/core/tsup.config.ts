import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

// Two entries: the Node library, and `@ott/core/media`, the browser-safe part (codec strings) the player bundles.
export default defineConfig({ ...libraryBuild, entry: ['src/index.ts', 'src/media.ts'] });
