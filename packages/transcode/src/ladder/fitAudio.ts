import { OttError, languageTag, sameLanguage } from '@ott/core';
import type { AudioRendition, AudioRole, SourceAudioStream, SourceInfo } from '@ott/core';
import type { ResolvedAudioRendition } from './ResolvedLadder.js';

/**
 * The audio renditions of a ladder on a source. A source with one audio stream keeps one rendition per audio rung,
 * with the rung's id. A source with several (languages, audio description, commentary) gets one rendition per rung
 * and stream, the id suffixed with the stream's language (`audio_aac_en`, `audio_aac_fr`, `audio_aac_en_ad` for
 * English audio description, `audio_aac_en_2` for a second English stream), unless the rung names its stream: `sourceStream` (ffprobe index) or `language` (every
 * stream in that language; a language no stream has is an `INVALID_LADDER` error naming those there are). Language,
 * name, role and default come from the stream's tags and disposition unless the rung sets them.
 */
export function fitAudio(rungs: readonly AudioRendition[], source: SourceInfo): ResolvedAudioRendition[] {
  const streams = source.audioStreams ?? (source.audio ? [source.audio] : []);
  if (streams.length === 0) return [];
  const defaultIndex = (source.audio ?? streams[0])?.index;
  const out: ResolvedAudioRendition[] = [];
  const ids = new Set<string>();
  for (const rung of rungs) {
    const chosen = streamsFor(rung, streams, source.url);
    const named = rung.language !== undefined || rung.sourceStream !== undefined;
    for (const stream of chosen) {
      const language = named ? '' : `_${languageTag(stream.language) ?? `s${stream.index}`}`;
      const described = (rung.role ?? stream.role) === 'description' ? '_ad' : '';
      const id = chosen.length === 1 && (streams.length === 1 || named) ? rung.id : uniqueId(`${rung.id}${language}${described}`, ids);
      ids.add(id);
      out.push(resolve(rung, stream, id, stream.index === defaultIndex));
    }
  }
  return out;
}

function streamsFor(rung: AudioRendition, streams: readonly SourceAudioStream[], url: string): readonly SourceAudioStream[] {
  if (rung.sourceStream !== undefined) {
    const stream = streams.find((s) => s.index === rung.sourceStream);
    if (stream === undefined) invalid(`Audio rendition "${rung.id}" names source stream ${rung.sourceStream}, but the audio streams of "${url}" are ${streams.map((s) => s.index).join(', ')}.`);
    return [stream];
  }
  if (rung.language === undefined) return streams;
  const tagged = streams.filter((s) => s.language !== undefined);
  // An untagged source: the rung's language labels its audio (the only way to name it).
  if (tagged.length === 0) return streams.slice(0, 1);
  const matching = streams.filter((s) => sameLanguage(s.language, rung.language));
  if (matching.length === 0) {
    invalid(`Audio rendition "${rung.id}" asks for language "${rung.language}", but "${url}" has audio in ${[...new Set(tagged.map((s) => s.language))].join(', ')}. Pick one of those (ott vod --audio).`);
  }
  return matching;
}

function resolve(rung: AudioRendition, stream: SourceAudioStream, id: string, isDefaultStream: boolean): ResolvedAudioRendition {
  const language = languageTag(rung.language ?? stream.language);
  const role: AudioRole = rung.role ?? stream.role ?? (isDefaultStream ? 'main' : 'alternate');
  const name = rung.name ?? stream.title ?? (language === undefined ? undefined : role === 'description' ? `${language} (audio description)` : role === 'commentary' ? `${language} (commentary)` : language);
  return {
    ...rung,
    id,
    codec: rung.codec ?? 'aac',
    channels: rung.channels ?? Math.max(1, Math.min(2, stream.channels || 2)),
    sampleRate: rung.sampleRate ?? 48_000,
    sourceStream: stream.index,
    role,
    default: rung.default ?? (isDefaultStream && role !== 'description'),
    ...(language !== undefined ? { language } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const safe = base.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!taken.has(safe)) return safe;
  let n = 2;
  while (taken.has(`${safe}_${n}`)) n += 1;
  return `${safe}_${n}`;
}

function invalid(message: string): never {
  throw new OttError('INVALID_LADDER', message, { stage: 'transcode' });
}
