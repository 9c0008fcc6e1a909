import { describe, expect, it } from 'vitest';
import type { AudioRendition, SourceAudioStream, SourceInfo } from '@ott/core';
import { fitAudio } from './fitAudio.js';

const stream = (index: number, extra: Partial<SourceAudioStream> = {}): SourceAudioStream => ({ index, codec: 'aac', sampleRate: 48000, channels: 2, ...extra });
const en = stream(1, { language: 'en', default: true, title: 'English' });
const fr = stream(2, { language: 'fr' });
const ad = stream(3, { language: 'en', role: 'description' });
const source = (streams: SourceAudioStream[]): SourceInfo => ({ type: 'source', url: 'film.mkv', formatName: 'matroska', durationSeconds: 60, audio: streams.find((s) => s.default) ?? streams[0], audioStreams: streams });
const rung: AudioRendition = { kind: 'audio', id: 'audio_aac', bitrate: 128_000 };

describe('fitAudio', () => {
  it('makes one rendition per source audio stream, with language, name, role and the default from the source', () => {
    const out = fitAudio([rung], source([en, fr, ad]));
    expect(out.map((r) => [r.id, r.sourceStream, r.language, r.name, r.role, r.default])).toEqual([
      ['audio_aac_en', 1, 'en', 'English', 'main', true],
      ['audio_aac_fr', 2, 'fr', 'fr', 'alternate', false],
      ['audio_aac_en_ad', 3, 'en', 'en (audio description)', 'description', false],
    ]);
  });

  it('keeps the rung id for a source with one stream, and lets a language label an untagged source', () => {
    expect(fitAudio([rung], source([stream(1)])).map((r) => [r.id, r.language])).toEqual([['audio_aac', undefined]]);
    expect(fitAudio([{ ...rung, language: 'de' }], source([stream(1)])).map((r) => [r.id, r.language])).toEqual([['audio_aac', 'de']]);
  });

  it('selects streams by language (every stream of it) or by index, and names the languages there are when one is missing', () => {
    const english = fitAudio([{ ...rung, id: 'audio_aac_en', language: 'eng' }], source([en, fr, ad]));
    expect(english.map((r) => [r.id, r.sourceStream])).toEqual([['audio_aac_en', 1], ['audio_aac_en_ad', 3]]);
    expect(fitAudio([{ ...rung, sourceStream: 2 }], source([en, fr])).map((r) => [r.id, r.language])).toEqual([['audio_aac', 'fr']]);
    expect(() => fitAudio([{ ...rung, language: 'de' }], source([en, fr]))).toThrow(expect.objectContaining({ code: 'INVALID_LADDER', message: expect.stringContaining('en, fr') }));
    expect(() => fitAudio([{ ...rung, sourceStream: 9 }], source([en, fr]))).toThrow(expect.objectContaining({ code: 'INVALID_LADDER' }));
  });
});
