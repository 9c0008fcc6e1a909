import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { OttError } from '../errors/OttError.js';

/**
 * Finds `ffmpeg` or `ffprobe`: `FFMPEG_PATH` / `FFPROBE_PATH` first (for ffprobe, also the folder of `FFMPEG_PATH`),
 * then `PATH`. Throws `FFMPEG_NOT_FOUND` naming the Debian package to install.
 */
export function locateBinary(name: 'ffmpeg' | 'ffprobe', env: NodeJS.ProcessEnv = process.env): string {
  const explicit = name === 'ffmpeg' ? env.FFMPEG_PATH : env.FFPROBE_PATH;
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (name === 'ffprobe' && env.FFMPEG_PATH) candidates.push(env.FFMPEG_PATH.replace(/ffmpeg([^/]*)$/, 'ffprobe$1'));
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new OttError(
    'FFMPEG_NOT_FOUND',
    `${name} was not found (looked at ${name === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH'} and PATH). ` +
      `Install it (Debian: apt-get install ffmpeg) or set ${name === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH'} to the binary.`,
    { stage: 'core' },
  );
}
