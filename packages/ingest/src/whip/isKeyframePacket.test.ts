import { describe, expect, it } from 'vitest';
import { isKeyframePacket } from './isKeyframePacket.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('isKeyframePacket', () => {
  it('finds H.264 IDR slices and SPS in single NAL unit packets', () => {
    expect(isKeyframePacket('h264', bytes(0x65, 0x88))).toBe(true); // IDR (type 5)
    expect(isKeyframePacket('h264', bytes(0x67, 0x42))).toBe(true); // SPS (type 7)
    expect(isKeyframePacket('h264', bytes(0x41, 0x9a))).toBe(false); // non-IDR slice (type 1)
  });

  it('finds an IDR in the first FU-A fragment only (RFC 6184 §5.8)', () => {
    expect(isKeyframePacket('h264', bytes(0x7c, 0x85, 0x00))).toBe(true); // FU-A, S=1, type 5
    expect(isKeyframePacket('h264', bytes(0x7c, 0x05, 0x00))).toBe(false); // FU-A continuation
    expect(isKeyframePacket('h264', bytes(0x7c, 0x81, 0x00))).toBe(false); // FU-A start of a P slice
  });

  it('walks STAP-A aggregates (RFC 6184 §5.7.1)', () => {
    // STAP-A: [size 2][SEI 0x06 0x05] [size 2][SPS 0x67 0x42]
    expect(isKeyframePacket('h264', bytes(0x78, 0x00, 0x02, 0x06, 0x05, 0x00, 0x02, 0x67, 0x42))).toBe(true);
    expect(isKeyframePacket('h264', bytes(0x78, 0x00, 0x02, 0x06, 0x05, 0x00, 0x02, 0x41, 0x9a))).toBe(false);
  });

  it('reads the VP8 inverse key frame flag after the payload descriptor (RFC 7741 §4.2–4.3)', () => {
    expect(isKeyframePacket('vp8', bytes(0x10, 0x50))).toBe(true); // S=1, PID 0, P=0
    expect(isKeyframePacket('vp8', bytes(0x10, 0x51))).toBe(false); // P=1: inter frame
    expect(isKeyframePacket('vp8', bytes(0x00, 0x50))).toBe(false); // not the start of a partition
    // X=1, I=1 with a 15-bit picture ID (M=1), then the VP8 header with P=0.
    expect(isKeyframePacket('vp8', bytes(0x90, 0x80, 0x81, 0x23, 0x50))).toBe(true);
    // X=1, I=1 (7-bit ID), L=1, T=1: three extension bytes before the header.
    expect(isKeyframePacket('vp8', bytes(0x90, 0xe0, 0x12, 0x34, 0x40, 0x51))).toBe(false);
  });

  it('never calls audio or empty payloads keyframes', () => {
    expect(isKeyframePacket('opus', bytes(0x65))).toBe(false);
    expect(isKeyframePacket('h264', bytes())).toBe(false);
    expect(isKeyframePacket('vp8', bytes())).toBe(false);
  });
});
