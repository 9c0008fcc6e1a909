import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Presentation, SegmentRef, Track } from '../manifest/Presentation.js';
import { LiveClock } from './LiveClock.js';

const base = (format: 'hls' | 'dash', extra: Partial<Presentation> = {}): Presentation => ({
  format, url: 'x', live: true, duration: Infinity, levels: [], audioTracks: [], textTracks: [], protection: [], refreshInterval: 0.5, clockOffsetMs: 0, ...extra,
});
const seg = (number: number, start: number, extra: Partial<SegmentRef> = {}): SegmentRef => ({ url: `s${number}`, start, duration: 2, timeline: 0, number, ...extra });

afterEach(() => vi.useRealTimers());

describe('LiveClock', () => {
  it('HLS: latency from PROGRAM-DATE-TIME, edge at the last listed part (hints excluded)', () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:10.000Z'), toFake: ['Date'] });
    const partial = seg(3, 4, { url: '', partial: true, duration: 1, parts: [seg(3, 4, { duration: 0.5 }), seg(3, 4.5, { duration: 0.5, hint: true })] });
    const track: Track = { id: 'v', kind: 'video', bandwidth: 1, protection: [], segments: [seg(1, 0, { pdt: Date.parse('2026-01-01T00:00:05.000Z') }), seg(2, 2, { pdt: Date.parse('2026-01-01T00:00:07.000Z') }), partial] };
    const clock = new LiveClock(base('hls'));
    expect(clock.latency(track, 2.5)).toBeCloseTo(2.5);
    expect(clock.edge(track)).toBeCloseTo(4.5);
  });

  it('DASH: wall clock on the server clock (UTCTiming offset), capped one segment past the newest listed', () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:10.000Z'), toFake: ['Date'] });
    const p = base('dash', { availabilityStartTime: Date.parse('2026-01-01T00:00:00.000Z'), clockOffsetMs: -1000 });
    const track: Track = { id: 'v', kind: 'video', bandwidth: 1, protection: [], segments: [seg(1, 0), seg(2, 2), seg(3, 4), seg(4, 6, { predicted: true })] };
    const clock = new LiveClock(p);
    expect(clock.latency(track, 6)).toBeCloseTo(3);
    expect(clock.edge(track)).toBeCloseTo(8); // a stalled encoder: the MPD ends at 6, wall clock says 9
  });
});
