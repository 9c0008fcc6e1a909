import { describe, expect, it } from 'vitest';
import { FragmentSplitter } from './FragmentSplitter.js';

const box = (type: string, payload: number): Uint8Array => {
  const bytes = new Uint8Array(8 + payload).fill(7);
  new DataView(bytes.buffer).setUint32(0, 8 + payload);
  bytes.set([...type].map((c) => c.charCodeAt(0)), 4);
  return bytes;
};
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('FragmentSplitter', () => {
  it('returns each styp/moof/mdat group once its mdat is complete, across arbitrary read boundaries', () => {
    const first = concat(box('styp', 4), box('moof', 20), box('mdat', 100));
    const second = concat(box('moof', 20), box('mdat', 50));
    const stream = concat(first, second);
    const splitter = new FragmentSplitter();
    const out = [stream.subarray(0, 30), stream.subarray(30, first.length + 10), stream.subarray(first.length + 10)].flatMap((piece) => splitter.push(piece));
    expect(out.map((c) => c.length)).toEqual([first.length, second.length]);
    expect(splitter.rest()).toHaveLength(0);
  });

  it('keeps a truncated tail for later', () => {
    const splitter = new FragmentSplitter();
    expect(splitter.push(concat(box('moof', 20), box('mdat', 40)).subarray(0, 40))).toEqual([]);
    expect(splitter.rest()).toHaveLength(40);
  });
});
