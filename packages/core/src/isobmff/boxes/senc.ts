import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import { isobmffError } from '../cursor/isobmffError.js';

/** `senc` flag: entries carry a subsample map (ISO/IEC 23001-7 §7.2.1). */
export const SENC_USE_SUBSAMPLES = 0x000002;

/**
 * Sample encryption box (`senc`, ISO/IEC 23001-7 §7.2). The per-sample IV size is defined by `tenc` (or a sample
 * group), not by the box, so the entries are kept as bytes: decode them with {@link readSencEntries}.
 */
export interface SencBox {
  readonly type: 'senc';
  readonly version: number;
  readonly flags: number;
  readonly sampleCount: number;
  /** The raw entries (IVs and subsample maps), a view. */
  readonly entries: Uint8Array;
}

/** One clear/protected pair of a subsample map. */
export interface Subsample {
  readonly clearBytes: number;
  readonly protectedBytes: number;
}

/** One decoded `senc` entry. */
export interface SencEntry {
  /** The per-sample IV (empty with a constant IV). */
  readonly iv: Uint8Array;
  /** The subsample map; absent for full-sample encryption. */
  readonly subsamples?: readonly Subsample[];
}

/** Reads `senc`; the entries stay raw. */
export function readSenc(c: Cursor): SencBox {
  const version = c.u8();
  const flags = c.u24();
  const sampleCount = c.u32();
  return { type: 'senc', version, flags, sampleCount, entries: c.rest() };
}

/** Writes `senc`. */
export function writeSenc(w: ByteSink, box: SencBox): void {
  w.fullBox('senc', box.version, box.flags, () => {
    w.u32(box.sampleCount);
    w.bytes(box.entries);
  });
}

/**
 * Decodes `sampleCount` entries with the given per-sample IV size (0, 8 or 16), bounds-checked: a corrupt count or
 * subsample count is an `ISOBMFF_INVALID_BOX`, never an out-of-range read.
 */
export function readSencEntries(entries: Uint8Array, sampleCount: number, ivSize: number, useSubsamples: boolean): SencEntry[] {
  const view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
  const out: SencEntry[] = [];
  let p = 0;
  const need = (n: number): void => {
    if (p + n > entries.byteLength) {
      throw isobmffError('ISOBMFF_INVALID_BOX', `senc: entry ${out.length} of ${sampleCount} needs ${n} more bytes but ${entries.byteLength - p} remain; the IV size or the counts are wrong.`);
    }
  };
  for (let i = 0; i < sampleCount; i++) {
    need(ivSize);
    const iv = entries.subarray(p, p + ivSize);
    p += ivSize;
    if (!useSubsamples) {
      out.push({ iv });
      continue;
    }
    need(2);
    const count = view.getUint16(p);
    p += 2;
    need(count * 6);
    const subsamples: Subsample[] = [];
    for (let j = 0; j < count; j++) {
      subsamples.push({ clearBytes: view.getUint16(p), protectedBytes: view.getUint32(p + 2) });
      p += 6;
    }
    out.push({ iv, subsamples });
  }
  return out;
}

/** Size in bytes of one encoded entry (also its `saiz` sample info size). */
export function sencEntrySize(entry: SencEntry): number {
  return entry.iv.byteLength + (entry.subsamples === undefined ? 0 : 2 + 6 * entry.subsamples.length);
}

/** Encodes entries for {@link SencBox.entries} (the inverse of {@link readSencEntries}). */
export function writeSencEntries(entries: readonly SencEntry[]): Uint8Array {
  let size = 0;
  for (const e of entries) size += sencEntrySize(e);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let p = 0;
  for (const e of entries) {
    out.set(e.iv, p);
    p += e.iv.byteLength;
    if (e.subsamples === undefined) continue;
    view.setUint16(p, e.subsamples.length);
    p += 2;
    for (const s of e.subsamples) {
      view.setUint16(p, s.clearBytes);
      view.setUint32(p + 2, s.protectedBytes);
      p += 6;
    }
  }
  return out;
}
