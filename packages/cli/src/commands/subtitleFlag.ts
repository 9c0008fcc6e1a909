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
