import { describe, expect, it } from 'vitest';
import { writeBox } from '../box/writeBox.js';
import type { Box } from '../box/Box.js';
import { codecStringOf } from './codecStringOf.js';

function visualEntry(type: 'hvc1' | 'hev1' | 'av01' | 'vp09' | 'avc1', config: Box): Uint8Array {
  return writeBox({
    type, dataReferenceIndex: 1, qtFields: new Uint8Array(16), width: 64, height: 64, horizResolution: 0x480000,
    vertResolution: 0x480000, frameCount: 1, compressorName: new Uint8Array(32), depth: 24, preDefined: -1, children: [config],
  });
}

function audioEntry(type: 'mp4a' | 'Opus', config: Box): Uint8Array {
  return writeBox({
    type, dataReferenceIndex: 1, soundVersion: 0, revision: 0, vendor: 0, channelCount: 2, sampleSize: 16, compressionId: 0,
    sampleRate: 48000 * 65536, qtExtension: new Uint8Array(0), children: [config],
  });
}

function esds(asc: number[], oti = 0x40): Box {
  const dsi = [0x05, asc.length, ...asc];
  const dcd = [0x04, 13 + dsi.length, oti, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...dsi];
  const es = [0x03, 3 + dcd.length, 0, 1, 0, ...dcd];
  return { type: 'esds', data: new Uint8Array([0, 0, 0, 0, ...es]) };
}

describe('codecStringOf', () => {
  it('builds the ISO/IEC 14496-15 Annex E example hev1.1.6.L93.B0 from an hvcC', () => {
    const hvcC = new Uint8Array(23);
    hvcC.set([1, 0x01, 0x60, 0, 0, 0, 0xb0, 0, 0, 0, 0, 0, 93]);
    expect(codecStringOf(visualEntry('hev1', { type: 'hvcC', data: hvcC }))).toBe('hev1.1.6.L93.B0');
  });

  it('writes the HEVC profile space letter and high tier', () => {
    const hvcC = new Uint8Array(23);
    hvcC.set([1, 0x80 | 0x20 | 0x02, 0x20, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 120]);
    expect(codecStringOf(visualEntry('hvc1', { type: 'hvcC', data: hvcC }))).toBe('hvc1.B2.4.H120.90');
  });

  it('builds avc1.PPCCLL from avcC bytes 1–3', () => {
    expect(codecStringOf(visualEntry('avc1', { type: 'avcC', data: new Uint8Array([1, 0x64, 0x00, 0x1f, 0xff]) }))).toBe('avc1.64001f');
  });

  it('builds av01.P.LLT.DD for a 10-bit high-tier AV1 stream', () => {
    expect(codecStringOf(visualEntry('av01', { type: 'av1C', data: new Uint8Array([0x81, (0 << 5) | 8, 0x80 | 0x40, 0]) }))).toBe('av01.0.08H.10');
  });

  it('builds vp09.PP.LL.DD from vpcC', () => {
    expect(codecStringOf(visualEntry('vp09', { type: 'vpcC', data: new Uint8Array([1, 0, 0, 0, 2, 31, 0xa2, 1, 1, 1, 0, 0]) }))).toBe('vp09.02.31.10');
  });

  it('reads the audio object type from the esds AudioSpecificConfig (AAC-LC, HE-AAC, escaped AOT)', () => {
    expect(codecStringOf(audioEntry('mp4a', esds([0x11, 0x90])))).toBe('mp4a.40.2');
    expect(codecStringOf(audioEntry('mp4a', esds([0x2b, 0x11])))).toBe('mp4a.40.5');
    // AOT 31 escape: 32 + 10 = 42 (USAC).
    expect(codecStringOf(audioEntry('mp4a', esds([0xf9, 0x40, 0x00])))).toBe('mp4a.40.42');
    expect(codecStringOf(audioEntry('mp4a', esds([], 0x6b)))).toBe('mp4a.6b');
  });

  it('answers opus for an Opus entry', () => {
    expect(codecStringOf(audioEntry('Opus', { type: 'dOps', data: new Uint8Array([0, 2, 0, 0, 0, 0, 0xbb, 0x80, 0, 0, 0]) }))).toBe('opus');
  });

  it('rejects a sample entry without its decoder configuration with ISOBMFF_INVALID_BOX', () => {
    expect(() => codecStringOf(audioEntry('mp4a', { type: 'btrt', data: new Uint8Array(12) }))).toThrow(
      expect.objectContaining({ code: 'ISOBMFF_INVALID_BOX' }) as Error,
    );
  });
});
