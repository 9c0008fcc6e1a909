import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The IIFE build of `@ott/player` (a dependency of the CLI) for the origin's watch page, or undefined (no page) when it
 * is not installed or not built.
 */
export function locatePlayerScript(): string | undefined {
  try {
    const path = createRequire(import.meta.url).resolve('@ott/player/ott-player.min.js');
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
