import { OttError } from '@ott/core';
import type { TextCue, WarningEvent } from '@ott/core';

/** Limits of {@link parseSubtitles}, checked before the text is decoded or split. */
export const SUBTITLE_LIMITS = {
  /** Largest subtitle file (a feature film's SRT is ~100 KB). */
  maxBytes: 16 * 1024 * 1024,
  maxCues: 100_000,
  /** Longest text of one cue; longer text is cut, with a warning. */
  maxCueChars: 4096,
} as const;

/** What {@link parseSubtitles} read: the cues in time order, and a warning per problem it worked around. */
export interface ParsedSubtitles {
  readonly format: 'webvtt' | 'srt';
  readonly cues: readonly TextCue[];
  readonly warnings: readonly WarningEvent[];
}

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(.*)$/;

/**
 * Reads a WebVTT or SubRip (SRT) file into cues. Tolerant like browsers are: a cue with an unreadable timing line or
 * an end before its start is skipped, cues out of order are sorted, text that is not UTF-8 is read as Windows-1252
 * — each with a `warning` naming the file and line (`SUBTITLE_CUE_SKIPPED`, `SUBTITLE_CUES_REORDERED`,
 * `SUBTITLE_ENCODING`). A file that is binary, too big, or holds no cue at all is a `SUBTITLE_INVALID` error.
 *
 * @example
 * ```ts
 * declare const bytes: Uint8Array; // e.g. readFileSync('subs.en.srt')
 * const { cues, warnings } = parseSubtitles(bytes, 'subs.en.srt');
 * ```
 */
export function parseSubtitles(bytes: Uint8Array, name: string): ParsedSubtitles {
  if (bytes.byteLength > SUBTITLE_LIMITS.maxBytes) invalid(name, `it is ${bytes.byteLength} bytes, more than a subtitle file may be (${SUBTITLE_LIMITS.maxBytes})`);
  if (bytes.includes(0)) invalid(name, 'it contains NUL bytes: it is a binary file, not WebVTT or SubRip text');
  const warnings: WarningEvent[] = [];
  const warn = (code: 'SUBTITLE_CUE_SKIPPED' | 'SUBTITLE_CUES_REORDERED' | 'SUBTITLE_ENCODING', message: string): void => {
    if (warnings.length < 100) warnings.push({ type: 'warning', stage: 'packager', code, message: `${name}: ${message}` });
  };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    warn('SUBTITLE_ENCODING', 'not UTF-8; read as Windows-1252 (Latin-1). Save it as UTF-8 if characters look wrong.');
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const format = /^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '') ? 'webvtt' : 'srt';
  const cues: TextCue[] = [];
  let i = format === 'webvtt' ? skipBlock(lines, 0) : 0;
  while (i < lines.length) {
    if ((lines[i] ?? '').trim() === '') {
      i += 1;
      continue;
    }
    const blockStart = i;
    const end = blockEnd(lines, i);
    const block = lines.slice(i, end);
    i = end;
    if (format === 'webvtt' && /^(NOTE|STYLE|REGION)(\s|$)/.test(block[0] ?? '')) continue;
    const timingAt = block.findIndex((l) => l.includes('-->'));
    const timing = timingAt < 0 || timingAt > 1 ? null : TIMING.exec(block[timingAt] ?? '');
    const start = timing ? seconds(timing[1] ?? '') : NaN;
    const stop = timing ? seconds(timing[2] ?? '') : NaN;
    if (!timing || !(stop > start)) {
      warn('SUBTITLE_CUE_SKIPPED', `line ${blockStart + 1 + Math.max(0, timingAt)}: ${timing ? `the cue ends (${timing[2]}) before it starts (${timing[1]})` : 'no "start --> end" timing line'}; cue skipped.`);
      continue;
    }
    if (cues.length >= SUBTITLE_LIMITS.maxCues) invalid(name, `it has more than ${SUBTITLE_LIMITS.maxCues} cues`);
    let body = block.slice(timingAt + 1).join('\n').trim();
    if (body.length > SUBTITLE_LIMITS.maxCueChars) {
      warn('SUBTITLE_CUE_SKIPPED', `line ${blockStart + 1}: cue text longer than ${SUBTITLE_LIMITS.maxCueChars} characters; cut.`);
      body = body.slice(0, SUBTITLE_LIMITS.maxCueChars);
    }
    if (format === 'srt') body = srtToWebvtt(body);
    const settings = format === 'webvtt' ? (timing[3] ?? '').trim() : '';
    cues.push({ start, end: stop, text: body, ...(settings ? { settings } : {}) });
  }
  if (cues.length === 0) invalid(name, 'it holds no cue (expected "WEBVTT" and cues, or SubRip blocks "1 / 00:00:01,000 --> 00:00:02,000 / text")');
  if (cues.some((c, k) => k > 0 && c.start < (cues[k - 1] as TextCue).start)) {
    warn('SUBTITLE_CUES_REORDERED', 'cues are not in time order; sorted by start time.');
    cues.sort((a, b) => a.start - b.start);
  }
  return { format, cues, warnings };
}

/** `01:02:03.456`, `02:03,456` → seconds. */
function seconds(value: string): number {
  const parts = value.replace(',', '.').split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

function blockEnd(lines: readonly string[], from: number): number {
  let i = from;
  while (i < lines.length && (lines[i] ?? '').trim() !== '') i += 1;
  return i;
}

function skipBlock(lines: readonly string[], from: number): number {
  return blockEnd(lines, from);
}

/** SubRip markup to WebVTT cue text: `<font>` tags dropped, `{\an8}` position tags dropped, `&` and `<` outside tags escaped. */
function srtToWebvtt(text: string): string {
  return text
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/<\/?font[^>]*>/gi, '')
    .replace(/&(?![a-z]+;|#\d+;)/gi, '&amp;')
    .replace(/<(?!\/?(?:i|b|u)>)/gi, '&lt;');
}

function invalid(name: string, reason: string): never {
  throw new OttError('SUBTITLE_INVALID', `The subtitle file ${name} cannot be used: ${reason}.`, { stage: 'packager', details: { file: name } });
}
