import { describe, expect, it } from 'vitest';
import { languageTag, mp4Language, sameLanguage } from './languageTag.js';

describe('language tags', () => {
  it('turns MP4/MKV three-letter codes into RFC 5646 tags, and back for mdhd', () => {
    expect(['eng', 'fre', 'fra', 'ger', 'deu', 'EN-gb', 'pt_br', 'zh-hant-tw'].map(languageTag)).toEqual(['en', 'fr', 'fr', 'de', 'de', 'en-GB', 'pt-BR', 'zh-Hant-TW']);
    expect([undefined, '', 'und', 'zxx', '12', 'e'].map(languageTag)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(['en', 'fr-CA', 'de', 'cs', 'zh', 'xx', undefined, 'haw'].map(mp4Language)).toEqual(['eng', 'fra', 'deu', 'ces', 'zho', 'und', 'und', 'haw']);
  });

  it('matches languages across forms; regions must agree only when both give one', () => {
    expect(sameLanguage('en', 'eng')).toBe(true);
    expect(sameLanguage('en-GB', 'en')).toBe(true);
    expect(sameLanguage('en-GB', 'en-US')).toBe(false);
    expect(sameLanguage('fr', 'de')).toBe(false);
    expect(sameLanguage(undefined, 'en')).toBe(false);
  });
});
