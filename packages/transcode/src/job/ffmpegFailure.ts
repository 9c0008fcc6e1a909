import { OttError } from '@ott/core';
import type { FfmpegExit } from '../ffmpeg/runFfmpeg.js';

const RELEVANT = /error|invalid|no such|not found|unknown|unrecognized|failed|cannot|could not|unable|permission|does not|not supported|incorrect/i;

/** FFMPEG_FAILED (or FFMPEG_NOT_FOUND) for an ffmpeg run that did not succeed, with the stderr tail in `details`. */
export function ffmpegFailure(exit: FfmpegExit, stderr: readonly string[], ffmpegPath: string, input: string): OttError {
  if (exit.spawnError) {
    return new OttError('FFMPEG_NOT_FOUND', `ffmpeg could not be started from "${ffmpegPath}": ${exit.spawnError.message}. Install ffmpeg (Debian: apt-get install ffmpeg) or set FFMPEG_PATH.`, {
      stage: 'transcode',
      cause: exit.spawnError,
    });
  }
  const lastLines = stderr.slice(-10);
  const relevant = [...lastLines].reverse().find((line) => RELEVANT.test(line)) ?? lastLines.at(-1) ?? 'no message on stderr';
  const how = exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal ?? 'a signal'}`;
  return new OttError('FFMPEG_FAILED', `ffmpeg ${how} while transcoding "${input}": ${relevant.trim()}. See details.stderr for the last lines; check the input and the ladder codecs.`, {
    stage: 'transcode',
    details: { exitCode: exit.code, signal: exit.signal, stderr: lastLines, input },
  });
}
