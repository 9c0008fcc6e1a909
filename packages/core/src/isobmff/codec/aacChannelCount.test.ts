import { describe, expect, it } from 'vitest';
import { aacChannelCount } from './aacChannelCount.js';

// esds payload: FullBox header, ES_Descriptor(3) → DecoderConfigDescriptor(4, OTI 0x40) → DecoderSpecificInfo(5).
function esdsWith(asc: number[], oti = 0x40): Uint8Array {
  const dsi = [0x05, asc.length, ...asc];
  const dcd = [0x04, 13 + dsi.length, oti, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...dsi];
  const es = [0x03, 3 + dcd.length, 0, 1, 0, ...dcd];
  return new Uint8Array([0, 0, 0, 0, ...es]);
}

describe('aacChannelCount', () => {
  it('reads mono from an AAC-LC 48 kHz config (the sample entry says 2 when ffmpeg writes it)', () => {
    // AOT 2, frequency index 3 (48 kHz), configuration 1: 00010 0011 0001 000 → 0x11 0x88
    expect(aacChannelCount(esdsWith([0x11, 0x88]))).toBe(1);
  });

  it('reads stereo and 5.1', () => {
    expect(aacChannelCount(esdsWith([0x11, 0x90]))).toBe(2);
    expect(aacChannelCount(esdsWith([0x11, 0xb0]))).toBe(6);
  });

  it('follows the audio object type escape (AOT 31 + 6 bits)', () => {
    // AOT 31 → 42 (xHE-AAC: 31 + 6 bits 001010), frequency index 3, configuration 2
    // bits: 11111 001010 0011 0010 → 1111 1001 0100 0110 010(0 0000)
    expect(aacChannelCount(esdsWith([0xf9, 0x46, 0x40]))).toBe(2);
  });

  it('says nothing for configuration 0, a truncated config or non-AAC object types', () => {
    expect(aacChannelCount(esdsWith([0x11, 0x80]))).toBeUndefined();
    expect(aacChannelCount(esdsWith([0x11]))).toBeUndefined();
    expect(aacChannelCount(esdsWith([0x11, 0x90], 0x6b))).toBeUndefined();
  });
});
