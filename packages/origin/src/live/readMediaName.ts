import { parseMediaFileName } from '@ott/core';
import type { LayoutMediaName } from '@ott/core';

/**
 * What a requested `.m4s` name is in a live output folder (`@ott/core`'s layout): a segment `seg-00005.m4s`, built
 * from its parts `seg-00005.p0.m4s`, `seg-00005.p1.m4s`, … (0-based), or one of those parts; `undefined` for anything
 * else (other files are never waited for).
 */
export function readMediaName(fileName: string): LayoutMediaName | undefined {
  return parseMediaFileName(fileName);
}
