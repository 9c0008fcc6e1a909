import { describe, expect, it } from 'vitest';
import { parseRange } from './parseRange.js';

describe('parseRange', () => {
  it('reads a closed, an open-ended and a suffix range', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 99 } });
    expect(parseRange('bytes=900-', 1000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } });
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } });
  });

  it('clamps an end past the file and a suffix longer than the file', () => {
    expect(parseRange('bytes=10-5000', 1000)).toEqual({ kind: 'range', range: { start: 10, end: 999 } });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 999 } });
  });

  it('calls a start at or past the end, a zero suffix and any range of an empty file unsatisfiable', () => {
    expect(parseRange('bytes=1000-', 1000).kind).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000).kind).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0).kind).toBe('unsatisfiable');
  });

  it('ignores multiple ranges, other units, reversed and malformed ranges (whole file instead)', () => {
    for (const header of ['bytes=0-1,5-6', 'items=0-1', 'bytes=50-10', 'bytes=-', 'bytes=a-b', 'bytes 0-1']) {
      expect(parseRange(header, 1000), header).toEqual({ kind: 'none' });
    }
    expect(parseRange(undefined, 1000)).toEqual({ kind: 'none' });
  });
});
