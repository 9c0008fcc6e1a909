import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '@ott/core';
import { createProgressBar } from './progressBar.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = { isTTY, write: (chunk: string) => ((written += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => written };
}

const progress = (percent: number): ProgressEvent => ({
  type: 'progress', stage: 'transcode', percent, processedSeconds: percent / 10, totalSeconds: 10, fps: 42, speed: 1.25, etaSeconds: 3,
});

describe('createProgressBar', () => {
  it('redraws one line in place on a terminal, with percent, speed, fps, ETA and segments', () => {
    const { stream, text } = fakeStream(true);
    const bar = createProgressBar(stream);
    bar.update(progress(10));
    bar.segment();
    bar.update(progress(55));
    bar.done();
    const out = text();
    expect(out.startsWith('\r[')).toBe(true);
    expect(out).toContain(' 55.0%');
    expect(out).toContain('1.25x');
    expect(out).toContain('42 fps');
    expect(out).toContain('eta 3s');
    expect(out).toContain('1 segments');
    expect(out).toContain('100.0%');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.split('\n')).toHaveLength(2);
  });

  it('writes one plain line per 10 % when the stream is not a terminal (logs stay readable)', () => {
    const { stream, text } = fakeStream(false);
    const bar = createProgressBar(stream);
    for (let p = 0; p <= 100; p += 2.5) bar.update(progress(p));
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^progress 0% /);
    expect(lines.at(-1)).toMatch(/^progress 100% /);
    expect(text()).not.toContain('\r');
  });

  it('prints notes on their own line without breaking the bar', () => {
    const { stream, text } = fakeStream(true);
    const bar = createProgressBar(stream);
    bar.update(progress(20));
    bar.note('warning X: something');
    expect(text()).toContain('\r\x1b[Kwarning X: something\n');
  });
});
