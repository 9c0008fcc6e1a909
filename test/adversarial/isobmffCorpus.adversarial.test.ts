import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fmp4Demuxer, OttError, codecStringOfEntry, readBoxes, writeBoxes } from '@ott/core';
import type { Box } from '@ott/core';

// Crash inputs of another ISO-BMFF decoder (Eyevinn/mp4ff fuzz corpus, MIT), see shared/vectors/README.md.
const CORPUS = path.resolve(import.meta.dirname, '../../../shared/vectors/isobmff-fuzz');
const ISOBMFF_CODES = ['ISOBMFF_TRUNCATED', 'ISOBMFF_INVALID_BOX', 'ISOBMFF_UNSUPPORTED', 'ISOBMFF_TOO_LARGE'];
// The bound: a hostile file must be rejected or parsed quickly, not hang.
const MAX_MS_PER_FILE = 100;

function sampleEntries(boxes: readonly Box[]): Box[] {
  const out: Box[] = [];
  for (const box of boxes) {
    if (box.type === 'stsd' && 'children' in box) out.push(...box.children);
    else if ('children' in box) out.push(...sampleEntries(box.children));
  }
  return out;
}

/** Runs every entry point on the bytes; returns what happened, never throws anything but an OttError. */
function exercise(bytes: Uint8Array): string {
  const outcomes: string[] = [];
  const attempt = (name: string, run: () => void): void => {
    try {
      run();
      outcomes.push(`${name}:ok`);
    } catch (e) {
      if (!(e instanceof OttError)) throw e;
      expect(ISOBMFF_CODES).toContain(e.code);
      outcomes.push(`${name}:${e.code}`);
    }
  };
  attempt('readBoxes', () => {
    const boxes = readBoxes(bytes);
    writeBoxes(boxes);
    for (const entry of sampleEntries(boxes)) attempt('codec', () => codecStringOfEntry(entry));
  });
  attempt('demux', () => {
    const demuxer = new Fmp4Demuxer();
    demuxer.push(bytes);
    demuxer.end();
  });
  attempt('demux-chunked', () => {
    const demuxer = new Fmp4Demuxer();
    for (let i = 0; i < bytes.byteLength; i += 97) demuxer.push(bytes.subarray(i, i + 97));
    demuxer.end();
  });
  return outcomes.join(' ');
}

describe('ISO-BMFF readers on the fuzz corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.bin')).sort();

  it('has the corpus', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  for (const file of files) {
    it(`returns a result or a typed OttError quickly for ${file}`, () => {
      const bytes = new Uint8Array(readFileSync(path.join(CORPUS, file)));
      const start = performance.now();
      const outcome = exercise(bytes);
      const elapsed = performance.now() - start;
      expect(outcome).toMatch(/readBoxes:/);
      expect(elapsed).toBeLessThan(MAX_MS_PER_FILE);
    });
  }
});
