import { OttError } from '@ott/core';
import { notMedia } from './toSourceInfo.js';

/** Turns a failed ffprobe run (non-zero exit) into the matching ingest error. */
export function classifyProbeFailure(url: string, stderr: string, looksLikeMp4: boolean): OttError {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines.at(-1) ?? `ffprobe failed without a message`;
  const details = { url, stderr: lines.slice(-10) };
  if (/moov atom not found/i.test(stderr) && looksLikeMp4) {
    return new OttError(
      'INPUT_TRUNCATED',
      `Input "${url}" is an MP4/MOV without its index (moov atom not found): the file was cut short or is still being written. Provide the complete file (for recordings, stop the recorder cleanly).`,
      { stage: 'ingest', details },
    );
  }
  if (/No such file or directory|404 Not Found|Server returned 404/i.test(stderr)) {
    return new OttError('INPUT_NOT_FOUND', `Input "${url}" was not found (${last}). Check the path or URL.`, { stage: 'ingest', details });
  }
  if (/Permission denied|403 Forbidden|401 Unauthorized/i.test(stderr)) {
    return new OttError('INPUT_UNREADABLE', `Input "${url}" cannot be read (${last}). Check permissions or credentials.`, { stage: 'ingest', details });
  }
  if (/Invalid data found when processing input|moov atom not found|could not find codec parameters|Unknown input format/i.test(stderr)) {
    return notMedia(url, `ffprobe said "${last}"`);
  }
  return new OttError('PROBE_FAILED', `ffprobe could not read "${url}": ${last}. Check that the input is a playable media file or a reachable URL.`, {
    stage: 'ingest',
    details,
  });
}
