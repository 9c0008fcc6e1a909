import { OttError } from '@ott/core';
import { languageTag } from '@ott/core';
import type { AudioRole, SourceAudioStream, SourceInfo, SourceTextStream, SourceVideoStream } from '@ott/core';

/** The part of ffprobe's `-show_streams` JSON this package reads. */
export interface FfprobeStream {
  readonly index?: number;
  readonly codec_type?: string;
  readonly codec_name?: string;
  readonly width?: number;
  readonly height?: number;
  readonly sample_aspect_ratio?: string;
  readonly avg_frame_rate?: string;
  readonly r_frame_rate?: string;
  readonly pix_fmt?: string;
  readonly sample_rate?: string;
  readonly channels?: number;
  readonly bit_rate?: string;
  readonly duration?: string;
  readonly disposition?: { readonly attached_pic?: number; readonly default?: number; readonly visual_impaired?: number; readonly comment?: number; readonly dub?: number; readonly forced?: number };
  readonly tags?: { readonly language?: string; readonly title?: string };
}

/** ffprobe's `-show_format -show_streams` JSON. */
export interface FfprobeJson {
  readonly streams?: readonly FfprobeStream[];
  readonly format?: {
    readonly format_name?: string;
    readonly duration?: string;
    readonly size?: string;
    readonly bit_rate?: string;
  };
}

// Demuxers that accept almost anything (text art, raw binary) and codecs they produce: ffprobe "succeeds" on a text
// file or random bytes with one of these, which is never a video the pipeline can use.
const TEXT_ART_FORMATS = new Set(['tty', 'bin', 'xbin', 'adf', 'idf', 'data']);
const TEXT_ART_CODECS = new Set(['ansi', 'bintext', 'xbin', 'idf']);

/**
 * Maps ffprobe JSON to a {@link SourceInfo}: the first video stream (cover art excluded), the default (else first) audio
 * stream and, when there are several, every audio stream (`audioStreams`, with language, title and role).
 * Frame rate from `avg_frame_rate`, falling back to `r_frame_rate`; display aspect ratio from width/height × sample
 * aspect ratio. Rotation metadata (display matrix) is ignored for now: a portrait phone video stored as rotated
 * landscape is described, and transcoded, as landscape.
 */
export function toSourceInfo(url: string, json: FfprobeJson): SourceInfo {
  const formatName = json.format?.format_name ?? '';
  const streams = json.streams ?? [];
  if (TEXT_ART_FORMATS.has(formatName) || streams.some((s) => TEXT_ART_CODECS.has(s.codec_name ?? ''))) {
    throw notMedia(url, `ffprobe only recognised it as "${formatName}" (text or raw bytes)`);
  }
  const videoStream = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1 && (s.width ?? 0) > 0);
  const audioStreams = streams.filter((s) => s.codec_type === 'audio');
  // The source's default audio stream leads (what players pick without a preference), else the first.
  const audioStream = audioStreams.find((s) => s.disposition?.default === 1) ?? audioStreams[0];
  const textStreams = streams.filter((s) => s.codec_type === 'subtitle' && TEXT_CODECS.has(s.codec_name ?? ''));
  if (!videoStream && !audioStream) {
    const kinds = streams.map((s) => s.codec_type ?? 'unknown').join(', ') || 'none';
    throw new OttError('INPUT_NO_STREAMS', `Input "${url}" has no audio or video stream (streams found: ${kinds}). Provide a file with at least one audio or video track.`, {
      stage: 'ingest',
      details: { url, formatName, streams: kinds },
    });
  }
  const durations = [json.format?.duration, ...streams.map((s) => s.duration)].map(toNumber).filter((d): d is number => d !== undefined && d > 0);
  const sizeBytes = toNumber(json.format?.size);
  const bitrate = toNumber(json.format?.bit_rate);
  const video = videoStream ? toVideo(videoStream) : undefined;
  const audio = audioStream ? toAudio(audioStream) : undefined;
  return {
    type: 'source',
    url,
    formatName,
    durationSeconds: toNumber(json.format?.duration) ?? Math.max(0, ...durations),
    ...(sizeBytes !== undefined ? { sizeBytes } : {}),
    ...(bitrate !== undefined ? { bitrate } : {}),
    ...(video ? { video } : {}),
    ...(audio ? { audio } : {}),
    ...(audioStreams.length > 1 ? { audioStreams: audioStreams.map(toAudio) } : {}),
    ...(textStreams.length > 0 ? { textStreams: textStreams.map(toText) } : {}),
  };
}

/** Subtitle codecs ffmpeg converts to WebVTT (text, not bitmaps). */
const TEXT_CODECS = new Set(['subrip', 'srt', 'mov_text', 'webvtt', 'ass', 'ssa', 'text']);

function toText(s: FfprobeStream): SourceTextStream {
  const language = languageTag(s.tags?.language);
  const title = s.tags?.title?.trim();
  return {
    index: s.index ?? 0,
    codec: s.codec_name ?? 'unknown',
    ...(language !== undefined ? { language } : {}),
    ...(title ? { title: title.slice(0, 200) } : {}),
    ...(s.disposition?.default === 1 ? { default: true } : {}),
    ...(s.disposition?.forced === 1 ? { forced: true } : {}),
  };
}

function toVideo(s: FfprobeStream): SourceVideoStream {
  const width = s.width ?? 0;
  const height = s.height ?? 0;
  const sar = parseRatio(s.sample_aspect_ratio, ':') ?? 1;
  const bitrate = toNumber(s.bit_rate);
  return {
    index: s.index ?? 0,
    codec: s.codec_name ?? 'unknown',
    width,
    height,
    frameRate: parseRatio(s.avg_frame_rate, '/') ?? parseRatio(s.r_frame_rate, '/') ?? 0,
    displayAspectRatio: height > 0 ? (width / height) * (sar > 0 ? sar : 1) : 0,
    ...(bitrate !== undefined ? { bitrate } : {}),
    ...(s.pix_fmt ? { pixelFormat: s.pix_fmt } : {}),
  };
}

function toAudio(s: FfprobeStream): SourceAudioStream {
  const bitrate = toNumber(s.bit_rate);
  const language = languageTag(s.tags?.language);
  const title = s.tags?.title?.trim();
  const d = s.disposition ?? {};
  const role: AudioRole | undefined = d.visual_impaired === 1 ? 'description' : d.comment === 1 ? 'commentary' : d.dub === 1 ? 'dub' : undefined;
  return {
    index: s.index ?? 0,
    codec: s.codec_name ?? 'unknown',
    sampleRate: toNumber(s.sample_rate) ?? 0,
    channels: s.channels ?? 0,
    ...(bitrate !== undefined ? { bitrate } : {}),
    ...(language !== undefined ? { language } : {}),
    ...(title ? { title: title.slice(0, 200) } : {}),
    ...(d.default === 1 ? { default: true } : {}),
    ...(role !== undefined ? { role } : {}),
  };
}

/** Builds the INPUT_NOT_MEDIA error. */
export function notMedia(url: string, reason: string): OttError {
  return new OttError('INPUT_NOT_MEDIA', `Input "${url}" is not an audio or video file: ${reason}. Check that you passed the right file (expected e.g. MP4, MOV, MKV, TS, WAV).`, {
    stage: 'ingest',
    details: { url, reason },
  });
}

/** Parses `30000/1001` or `16:9`; `0/0`, `0:1` and garbage give `undefined`. */
export function parseRatio(value: string | undefined, separator: '/' | ':'): number | undefined {
  if (!value) return undefined;
  const [num, den] = value.split(separator).map(Number);
  if (num === undefined || den === undefined || !Number.isFinite(num) || !Number.isFinite(den) || num <= 0 || den <= 0) return undefined;
  return num / den;
}

function toNumber(value: string | number | undefined): number | undefined {
  if (value === undefined || value === 'N/A' || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
