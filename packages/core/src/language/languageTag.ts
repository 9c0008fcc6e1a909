/**
 * ISO 639-2 (three letters, bibliographic and terminology forms, as MP4/MKV tags and ffprobe carry them) to ISO 639-1
 * (two letters), for the languages a catalogue most often carries. HLS `LANGUAGE` and DASH `lang` take RFC 5646
 * (BCP 47) tags, whose primary subtag is the two-letter code where one exists.
 */
const TWO_LETTER: Readonly<Record<string, string>> = {
  ara: 'ar', bul: 'bg', cat: 'ca', ces: 'cs', cze: 'cs', zho: 'zh', chi: 'zh', dan: 'da', deu: 'de', ger: 'de',
  ell: 'el', gre: 'el', eng: 'en', est: 'et', eus: 'eu', baq: 'eu', fas: 'fa', per: 'fa', fin: 'fi', fra: 'fr',
  fre: 'fr', gle: 'ga', glg: 'gl', heb: 'he', hin: 'hi', hrv: 'hr', hun: 'hu', ind: 'id', isl: 'is', ice: 'is',
  ita: 'it', jpn: 'ja', kor: 'ko', lav: 'lv', lit: 'lt', msa: 'ms', may: 'ms', nld: 'nl', dut: 'nl', nor: 'no',
  nob: 'nb', nno: 'nn', pol: 'pl', por: 'pt', ron: 'ro', rum: 'ro', rus: 'ru', slk: 'sk', slo: 'sk', slv: 'sl',
  spa: 'es', srp: 'sr', swe: 'sv', tam: 'ta', tel: 'te', tha: 'th', tur: 'tr', ukr: 'uk', urd: 'ur', vie: 'vi',
  cym: 'cy', wel: 'cy', afr: 'af', swa: 'sw', ben: 'bn', fil: 'fil', tgl: 'tl',
};

/**
 * A language tag as manifests want it (RFC 5646): `eng` → `en`, `fre`/`fra` → `fr`, `pt-BR` kept, case normalised
 * (`EN-gb` → `en-GB`); `und`, empty and malformed tags give `undefined`.
 *
 * @example
 * ```ts
 * languageTag('ger'); // 'de'
 * languageTag('pt-br'); // 'pt-BR'
 * ```
 */
export function languageTag(tag: string | undefined): string | undefined {
  if (tag === undefined) return undefined;
  const parts = tag.trim().replace(/_/g, '-').split('-');
  const primary = (parts[0] ?? '').toLowerCase();
  if (!/^[a-z]{2,8}$/.test(primary) || primary === 'und' || primary === 'mis' || primary === 'zxx') return undefined;
  const rest = parts.slice(1).filter((p) => /^[a-z0-9]{1,8}$/i.test(p)).map((p) => (p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0]?.toUpperCase() + p.slice(1).toLowerCase() : p.toLowerCase()));
  return [TWO_LETTER[primary] ?? primary, ...rest].join('-');
}

/** Whether two language tags name the same language (`en`, `eng`, `en-GB` all match `en`; a region must match if both give one). */
export function sameLanguage(a: string | undefined, b: string | undefined): boolean {
  const x = languageTag(a)?.split('-');
  const y = languageTag(b)?.split('-');
  if (x === undefined || y === undefined || x[0] !== y[0]) return false;
  return x.length === 1 || y.length === 1 || x.slice(1).join('-') === y.slice(1).join('-');
}

/** ISO 639-1 → ISO 639-2/T (the first three-letter code of each language in the table above). */
const THREE_LETTER: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TWO_LETTER).reverse().map(([three, two]) => [two, three]),
);

/**
 * The ISO 639-2/T code an MP4 `mdhd` box (and ffmpeg's `language` metadata) needs: `en` → `eng`, `pt-BR` → `por`;
 * `und` when the language is unknown or has no three-letter code in the table.
 *
 * @example
 * ```ts
 * mp4Language('de-AT'); // 'deu'
 * ```
 */
export function mp4Language(tag: string | undefined): string {
  const primary = languageTag(tag)?.split('-')[0];
  if (primary === undefined) return 'und';
  if (primary.length === 3) return primary;
  return THREE_LETTER[primary] ?? 'und';
}
