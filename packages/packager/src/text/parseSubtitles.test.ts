import { describe, expect, it } from 'vitest';
import { parseSubtitles } from './parseSubtitles.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseSubtitles', () => {
  it('reads SubRip: timings with commas, markup turned into WebVTT cue text', () => {
    const srt = '1\r\n00:00:01,000 --> 00:00:02,500\r\n<font color="red">Hello</font> & <i>you</i>\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n{\\an8}Second\r\nline\r\n';
    const { format, cues, warnings } = parseSubtitles(bytes(srt), 'a.srt');
    expect(format).toBe('srt');
    expect(cues).toEqual([
      { start: 1, end: 2.5, text: 'Hello &amp; <i>you</i>' },
      { start: 3, end: 4, text: 'Second\nline' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads WebVTT with ids, settings, notes and hour-less timings', () => {
    const vtt = '\uFEFFWEBVTT - a title\n\nNOTE a comment\nspanning lines\n\nintro\n00:01.000 --> 00:02.000 line:0 align:start\nBonjour\n\n01:00:00.000 --> 01:00:01.500\nLate\n';
    const { format, cues } = parseSubtitles(bytes(vtt), 'b.vtt');
    expect(format).toBe('webvtt');
    expect(cues).toEqual([
      { start: 1, end: 2, text: 'Bonjour', settings: 'line:0 align:start' },
      { start: 3600, end: 3601.5, text: 'Late' },
    ]);
  });

  it('skips broken cues and sorts cues out of order, naming the line; reads Latin-1 with a warning', () => {
    const srt = '1\n00:00:05,000 --> 00:00:06,000\nLater\n\n2\n00:00:01,000 -> 00:00:02,000\nBroken arrow\n\n3\n00:00:04,000 --> 00:00:03,000\nBackwards\n\n4\n00:00:01,000 --> 00:00:02,000\nEarlier\n';
    const { cues, warnings } = parseSubtitles(bytes(srt), 'c.srt');
    expect(cues.map((c) => c.text)).toEqual(['Earlier', 'Later']);
    expect(warnings.map((w) => [w.code, w.message])).toEqual([
      ['SUBTITLE_CUE_SKIPPED', expect.stringContaining('c.srt: line 5')],
      ['SUBTITLE_CUE_SKIPPED', expect.stringContaining('line 10: the cue ends (00:00:03,000) before it starts')],
      ['SUBTITLE_CUES_REORDERED', expect.stringContaining('sorted')],
    ]);
    const latin1 = Uint8Array.from([...bytes('1\n00:00:01,000 --> 00:00:02,000\nCaf'), 0xe9, 10]);
    const read = parseSubtitles(latin1, 'd.srt');
    expect(read.cues[0]?.text).toBe('Café');
    expect(read.warnings[0]?.code).toBe('SUBTITLE_ENCODING');
  });

  it('refuses binary, empty and cue-less files with SUBTITLE_INVALID before reading them', () => {
    for (const input of [Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 1]), bytes(''), bytes('WEBVTT\n\nNOTE only a note\n')]) {
      expect(() => parseSubtitles(input, 'x.srt')).toThrow(expect.objectContaining({ code: 'SUBTITLE_INVALID' }));
    }
  });
});
