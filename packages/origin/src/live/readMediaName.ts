/**
 * What a requested `.m4s` name is in a live output folder (the packager's layout): a segment `seg-00005.m4s`,
 * built from its parts `seg-00005.p0.m4s`, `seg-00005.p1.m4s`, … (0-based), or one of those parts.
 */
export type MediaName =
  | { readonly kind: 'segment'; readonly base: string }
  | { readonly kind: 'part'; readonly base: string; readonly index: number };

const PART = /^(.+)\.p(\d{1,9})\.m4s$/;
const SEGMENT = /^(.+)\.m4s$/;

/** Reads a file name as a live segment or part name; `undefined` for anything else (other files are never waited for). */
export function readMediaName(fileName: string): MediaName | undefined {
  const part = PART.exec(fileName);
  if (part) return { kind: 'part', base: part[1] ?? '', index: Number(part[2]) };
  const segment = SEGMENT.exec(fileName);
  return segment ? { kind: 'segment', base: segment[1] ?? '' } : undefined;
}

/** File name of part `index` of the segment whose name without `.m4s` is `base`. */
export function partFileName(base: string, index: number): string {
  return `${base}.p${index}.m4s`;
}
