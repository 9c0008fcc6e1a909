import { OttError } from '@ott/core';
import type { Ladder } from '@ott/core';

const VIDEO_CODECS = new Set(['h264', 'h265', 'vp9', 'av1']);
const AUDIO_CODECS = new Set(['aac', 'opus']);
/** Folder-safe: letters, digits, `_`, `-`, `.`, not starting with `.` (ids become output folder names). */
const SAFE_ID = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/;

/**
 * Checks a ladder before it is fitted to a source: unique folder-safe ids, positive bitrates, even dimensions,
 * known codecs. Throws `INVALID_LADDER` naming the first bad rendition and what to change.
 */
export function validateLadder(ladder: Ladder): void {
  const seen = new Set<string>();
  for (const rendition of [...ladder.video, ...ladder.audio]) {
    const where = `Ladder rendition "${rendition.id}"`;
    if (!SAFE_ID.test(rendition.id)) {
      fail(`${where}: the id must be folder-safe (letters, digits, "_", "-", ".", at most 64, not starting with "."), e.g. "video_720p".`, rendition.id);
    }
    if (seen.has(rendition.id)) fail(`${where} appears twice: every rendition needs its own id (it names the output folder).`, rendition.id);
    seen.add(rendition.id);
    if (!isPositiveInteger(rendition.bitrate)) {
      fail(`${where}: bitrate must be a positive number of bits per second, got ${String(rendition.bitrate)} (e.g. 2800000 for 2800k).`, rendition.id);
    }
    if (rendition.kind === 'video') {
      if (!isPositiveInteger(rendition.height) || rendition.height % 2 !== 0) {
        fail(`${where}: height must be a positive even number of pixels (4:2:0 video), got ${String(rendition.height)}.`, rendition.id);
      }
      if (rendition.width !== undefined && (!isPositiveInteger(rendition.width) || rendition.width % 2 !== 0)) {
        fail(`${where}: width must be a positive even number of pixels or omitted (derived from the source), got ${String(rendition.width)}.`, rendition.id);
      }
      if (rendition.maxBitrate !== undefined && (!isPositiveInteger(rendition.maxBitrate) || rendition.maxBitrate < rendition.bitrate)) {
        fail(`${where}: maxBitrate must be at least the bitrate (${rendition.bitrate}), got ${String(rendition.maxBitrate)}.`, rendition.id);
      }
      if (rendition.codec !== undefined && !VIDEO_CODECS.has(rendition.codec)) {
        fail(`${where}: unknown video codec "${String(rendition.codec)}"; use h264, h265, vp9 or av1.`, rendition.id);
      }
    } else {
      if (rendition.codec !== undefined && !AUDIO_CODECS.has(rendition.codec)) {
        fail(`${where}: unknown audio codec "${String(rendition.codec)}"; use aac or opus.`, rendition.id);
      }
      if (rendition.channels !== undefined && (!isPositiveInteger(rendition.channels) || rendition.channels > 8)) {
        fail(`${where}: channels must be 1 to 8, got ${String(rendition.channels)}.`, rendition.id);
      }
      if (rendition.sampleRate !== undefined && !isPositiveInteger(rendition.sampleRate)) {
        fail(`${where}: sampleRate must be a positive number of Hz, got ${String(rendition.sampleRate)}.`, rendition.id);
      }
      if (rendition.codec === 'opus' && rendition.sampleRate !== undefined && rendition.sampleRate !== 48_000) {
        fail(`${where}: Opus in MP4 is encoded at 48000 Hz; remove sampleRate or set it to 48000.`, rendition.id);
      }
    }
  }
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function fail(message: string, renditionId: string): never {
  throw new OttError('INVALID_LADDER', message, { stage: 'transcode', details: { renditionId } });
}
