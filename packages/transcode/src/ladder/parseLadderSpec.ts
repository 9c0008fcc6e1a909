import { OttError } from '@ott/core';
import type { AudioCodecName, AudioRendition, Ladder, VideoCodecName, VideoRendition } from '@ott/core';
import { defaultAudioBitrate, defaultVideoBitrate } from './defaultBitrate.js';
import { validateLadder } from './validateLadder.js';

const VIDEO_CODECS: readonly VideoCodecName[] = ['h264', 'h265', 'vp9', 'av1'];
const AUDIO_CODECS: readonly AudioCodecName[] = ['aac', 'opus'];
const ENTRY = /^(?:(?<width>\d+)x)?(?<height>\d+)p?$|^(?<audio>audio)$/i;
const FORMAT_HINT =
  'expected comma-separated entries like "1080p@5000k", "1280x720@2800k:h265", "480p" (default bitrate) or "audio@128k:aac"; ' +
  'bitrates take k or M suffixes (5000k, 5M) or plain bits per second; video codecs h264, h265, vp9, av1; audio codecs aac, opus';

/**
 * Parses the CLI `--ladder` flag into a {@link Ladder}.
 *
 * Entries: `<height>p[@<bitrate>][:<codec>]`, `<width>x<height>[@<bitrate>][:<codec>]` or `audio[@<bitrate>][:<codec>]`.
 * The bitrate defaults per height (1080p 5000k, 720p 2800k, 480p 1400k, 360p 800k, …) and per audio codec (aac
 * 128k, opus 96k). Ids are `video_<height>p` (plus `_<codec>` when not h264) and `audio_<codec>`; colliding ids get
 * the bitrate appended. Throws `INVALID_LADDER` with the offending entry.
 *
 * @example
 * ```ts
 * parseLadderSpec('1080p@5000k,720p@2800k:h265,480p,audio@96k:opus');
 * // video_1080p (h264 5 Mb/s), video_720p_h265, video_480p (1.4 Mb/s), audio_opus (96 kb/s)
 * ```
 */
export function parseLadderSpec(spec: string): Ladder {
  const entries = spec.split(',').map((e) => e.trim()).filter((e) => e.length > 0);
  if (entries.length === 0) fail(`Ladder spec "${spec}" is empty: ${FORMAT_HINT}.`, spec);
  const video: VideoRendition[] = [];
  const audio: AudioRendition[] = [];
  for (const entry of entries) {
    const [head = '', codecText] = splitOnce(entry, ':');
    const [sizeText = '', bitrateText] = splitOnce(head, '@');
    const match = ENTRY.exec(sizeText.trim());
    if (!match?.groups) fail(`Ladder entry "${entry}" is not understood: ${FORMAT_HINT}.`, entry);
    const { width, height, audio: isAudio } = match.groups;
    if (isAudio) {
      const codec = parseCodec(codecText, AUDIO_CODECS, 'aac', entry);
      const bitrate = bitrateText === undefined ? defaultAudioBitrate(codec) : parseBitrate(bitrateText, entry);
      audio.push({ kind: 'audio', id: `audio_${codec}`, bitrate, codec });
    } else {
      const h = Number(height);
      const codec = parseCodec(codecText, VIDEO_CODECS, 'h264', entry);
      const bitrate = bitrateText === undefined ? defaultVideoBitrate(h) : parseBitrate(bitrateText, entry);
      const id = `video_${h}p${codec === 'h264' ? '' : `_${codec}`}`;
      video.push({ kind: 'video', id, height: h, ...(width !== undefined ? { width: Number(width) } : {}), bitrate, codec });
    }
  }
  const ladder = { video: disambiguate(video), audio: disambiguate(audio) };
  validateLadder(ladder);
  return ladder;
}

/** Parses `5000k`, `5M`, `5.5M`, `800000` into bits per second. */
function parseBitrate(text: string, entry: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  const value = match ? Number(match[1]) * (match[2] === '' ? 1 : /k/i.test(match[2] ?? '') ? 1000 : 1_000_000) : NaN;
  if (!Number.isFinite(value) || value <= 0) {
    fail(`Ladder entry "${entry}": bitrate "${text}" is not a positive number with an optional k or M suffix (e.g. 2800k, 5M).`, entry);
  }
  return Math.round(value);
}

function parseCodec<T extends string>(text: string | undefined, known: readonly T[], fallback: T, entry: string): T {
  if (text === undefined) return fallback;
  const codec = text.trim().toLowerCase();
  const found = known.find((k) => k === codec);
  if (!found) fail(`Ladder entry "${entry}": unknown codec "${text}"; use one of ${known.join(', ')}.`, entry);
  return found;
}

/** Appends `_<kbps>k` to ids that collide (e.g. two AAC renditions at different rates). */
function disambiguate<T extends VideoRendition | AudioRendition>(renditions: T[]): T[] {
  const counts = new Map<string, number>();
  for (const r of renditions) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  return renditions.map((r) => ((counts.get(r.id) ?? 0) > 1 ? { ...r, id: `${r.id}_${Math.round(r.bitrate / 1000)}k` } : r));
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function fail(message: string, entry: string): never {
  throw new OttError('INVALID_LADDER', message, { stage: 'transcode', details: { entry } });
}
