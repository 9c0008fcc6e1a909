import { describe, expect, it } from 'vitest';
import { isOttError } from '../../errors/OttError.js';
import { readBoxes } from '../box/readBoxes.js';

/** A `trun` box: full box header, `sample_count`, then `fields` bytes of per-sample data. */
function trun(flags: number, sampleCount: number, fields = 0): Uint8Array {
  const bytes = new Uint8Array(16 + fields);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, bytes.length);
  bytes.set([0x74, 0x72, 0x75, 0x6e], 4); // 'trun'
  view.setUint32(8, flags & 0xffffff);
  view.setUint32(12, sampleCount);
  return bytes;
}

describe('readTrun', () => {
  it('refuses a count of samples without per-sample fields above the cap (found by bench/fuzz.mjs: 3.5 G samples in 16 bytes)', () => {
    let error: unknown;
    try {
      readBoxes(trun(0, 3_539_992_577));
    } catch (caught) {
      error = caught;
    }
    expect(isOttError(error) && error.code).toBe('ISOBMFF_TOO_LARGE');
  });

  it('reads a field-less trun within the cap without touching per-sample data', () => {
    const [box] = readBoxes(trun(0, 1000));
    expect(box?.type === 'trun' && 'sampleCount' in box && box.sampleCount).toBe(1000);
  });

  it('still bounds a trun with per-sample fields by the bytes in the box', () => {
    expect(() => readBoxes(trun(0x000200, 5, 16))).toThrow(/overruns/); // sizes: 5 × 4 bytes, 16 present
  });
});
