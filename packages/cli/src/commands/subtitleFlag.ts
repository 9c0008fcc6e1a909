import { readFile, stat } from 'node:fs/promises';
import { languageTag } from '@ott/core';
import type { WarningEvent } from '@ott/core';
import { SUBTITLE_LIMITS, parseSubtitles } from '@ott/packager';
import type { SubtitleTrack } from '@ott/packager';
import { usage } from '../args.js';

/**
 * `--subtitles en=subs.en.srt,fr=subs.fr.vtt[,de:forced=forced.de.srt]`: each file read and parsed now, before any
 * encode (a bad file fails the command at once), into subtitle renditions `text_<lang>` (`text_<lang>_forced`).
 */
export async function readSubtitleFlag(value: string): Promise<{ tracks: SubtitleTrack[]; warnings: WarningEvent[] }> {
  const tracks: SubtitleTrack[] = [];
  const warnings: WarningEvent[] = [];
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)(:forced)?=(.+)$/.exec(entry);
    const language = languageTag(match?.[1]);
    if (match === null || language === undefined) throw usage('vod', `--subtitles takes <lang>=<file>[,<lang>:forced=<file>], e.g. en=subs.en.srt, got '${entry}'`);
    const file = match[3] as string;
    const size = (await stat(file).catch(() => undefined))?.size;
    if (size === undefined) throw usage('vod', `--subtitles: cannot read '${file}'`);
    if (size > SUBTITLE_LIMITS.maxBytes) throw usage('vod', `--subtitles: '${file}' is ${size} bytes, more than ${SUBTITLE_LIMITS.maxBytes}`);
    const parsed = parseSubtitles(new Uint8Array(await readFile(file)), file);
    const forced = match[2] !== undefined;
    const id = `text_${language.replace(/[^A-Za-z0-9]/g, '_')}${forced ? '_forced' : ''}`;
    if (tracks.some((t) => t.id === id)) throw usage('vod', `--subtitles names ${language}${forced ? ' (forced)' : ''} twice`);
    tracks.push({ id, language, cues: parsed.cues, ...(forced ? { forced: true } : {}) });
    warnings.push(...parsed.warnings);
  }
  return { tracks, warnings };
}

/**
 * The text subtitle streams of the input (SubRip, mov_text, WebVTT, ASS in MP4/MKV), converted by ffmpeg and read like
 * sidecars: `text_<lang>` renditions with the stream's language, title, default and forced flags (ids already taken by
 * `--subtitles` get a suffix). Nothing for inputs without them; a stream that cannot be converted or read is left out
 * with a `SUBTITLE_STREAM_SKIPPED` warning.
 */
export async function readSourceSubtitles(input: string, taken: readonly SubtitleTrack[]): Promise<{ tracks: SubtitleTrack[]; warnings: WarningEvent[] }> {
  const { extractTextStream, probe } = await import('@ott/ingest');
  const tracks: SubtitleTrack[] = [];
  const warnings: WarningEvent[] = [];
  // An input that does not probe fails in the pipeline, with its own report; here it just has no subtitles.
  const source = await probe(input).catch(() => undefined);
  const ids = new Set(taken.map((t) => t.id));
  for (const stream of source?.textStreams ?? []) {
    let parsed: ReturnType<typeof parseSubtitles>;
    try {
      parsed = parseSubtitles(await extractTextStream(source as NonNullable<typeof source>, stream), `${input} (subtitle stream ${stream.index})`);
    } catch (error) {
      const message = `Subtitle stream ${stream.index} (${stream.codec}${stream.language ? `, ${stream.language}` : ''}) of the input is left out: ${error instanceof Error ? error.message : String(error)}`;
      warnings.push({ type: 'warning', stage: 'packager', code: 'SUBTITLE_STREAM_SKIPPED', message });
      continue;
    }
    const base = `text_${(stream.language ?? `s${stream.index}`).replace(/[^A-Za-z0-9]/g, '_')}${stream.forced ? '_forced' : ''}`;
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}_${n}`;
    ids.add(id);
    tracks.push({
      id,
      cues: parsed.cues,
      ...(stream.language !== undefined ? { language: stream.language } : {}),
      ...(stream.title !== undefined ? { name: stream.title } : {}),
      ...(stream.forced ? { forced: true } : {}),
      ...(stream.default ? { default: true } : {}),
    });
    warnings.push(...parsed.warnings);
  }
  return { tracks, warnings };
}
