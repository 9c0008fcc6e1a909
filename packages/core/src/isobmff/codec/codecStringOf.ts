import type { Box } from '../box/Box.js';
import { findBox } from '../box/findBox.js';
import { readBox } from '../box/readBoxes.js';
import type { OpaqueBox } from '../boxes/opaque.js';
import { codecStringFor } from './codecStringFor.js';

function child(entry: Box, type: string): Uint8Array | undefined {
  if (!('children' in entry)) return undefined;
  const box = entry.children.find((b) => b.type === type);
  return box !== undefined && 'data' in box ? (box as OpaqueBox).data : undefined;
}

/** Original format of an encrypted entry (`encv`/`enca` → `sinf/frma`), ISO/IEC 23001-7 §8.12. */
function originalFormat(entry: Box): string {
  if (!('children' in entry)) return entry.type;
  const sinf = findBox(entry.children, 'sinf');
  const frma = sinf?.children.find((b) => b.type === 'frma');
  if (frma === undefined || !('data' in frma) || frma.data.byteLength < 4) return entry.type;
  const d = frma.data;
  return String.fromCharCode(d[0] ?? 0, d[1] ?? 0, d[2] ?? 0, d[3] ?? 0);
}

/** {@link codecStringOf} on an already parsed sample entry. */
export function codecStringOfEntry(entry: Box): string {
  const format = entry.type === 'encv' || entry.type === 'enca' ? originalFormat(entry) : entry.type;
  return codecStringFor(format, (type) => child(entry, type));
}

/**
 * The RFC 6381 codec string of a sample entry box (`avc1`, `hvc1`, `vp09`, `av01`, `mp4a`, `Opus`, …), built from
 * its real decoder configuration.
 *
 * @example
 * ```ts
 * declare const init: CmafInit;
 * codecStringOf(init.sampleEntry); // 'avc1.64001f', 'hvc1.1.6.L93.B0', 'mp4a.40.2', 'opus'
 * ```
 */
export function codecStringOf(sampleEntry: Uint8Array): string {
  return codecStringOfEntry(readBox(sampleEntry));
}
