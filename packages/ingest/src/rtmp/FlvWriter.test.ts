import { describe, expect, it } from 'vitest';
import { FLV_TAG, FlvWriter } from './FlvWriter.js';
import { videoFrameKind } from './FlvPublisher.js';

describe('FlvWriter', () => {
  it('writes the FLV header with track flags and PreviousTagSize0 (E.2, E.3)', () => {
    const flv = new FlvWriter();
    expect([...flv.header({ audio: true, video: true })]).toEqual([0x46, 0x4c, 0x56, 1, 0x05, 0, 0, 0, 9, 0, 0, 0, 0]);
    expect(flv.header({ audio: false, video: true })[4]).toBe(0x01);
    expect(flv.header({ audio: true, video: false })[4]).toBe(0x04);
  });

  it('splits a 32-bit timestamp into the 24-bit field and TimestampExtended, and trails PreviousTagSize', () => {
    const body = Buffer.from([0x17, 0x01, 0xaa]);
    const [head, sameBody, trailer] = new FlvWriter().tag(FLV_TAG.video, 0x12345678, body);
    expect([...head]).toEqual([9, 0, 0, 3, 0x34, 0x56, 0x78, 0x12, 0, 0, 0]);
    expect(sameBody).toBe(body);
    expect(trailer.readUInt32BE(0)).toBe(14);
  });
});

describe('videoFrameKind', () => {
  it('counts AVC NALU packets and skips sequence headers, end of sequence and command frames', () => {
    expect(videoFrameKind(Buffer.from([0x17, 0x01]))).toBe('key');
    expect(videoFrameKind(Buffer.from([0x27, 0x01]))).toBe('inter');
    expect(videoFrameKind(Buffer.from([0x17, 0x00]))).toBe('none');
    expect(videoFrameKind(Buffer.from([0x17, 0x02]))).toBe('none');
    expect(videoFrameKind(Buffer.from([0x52, 0x00]))).toBe('none');
    expect(videoFrameKind(Buffer.from([0x22]))).toBe('inter'); // Sorenson H.263: no packet type byte
  });

  it('reads Enhanced RTMP headers: frame type in bits 4-6, coded frames as packet type 1 or 3', () => {
    expect(videoFrameKind(Buffer.from([0x91, 0x68, 0x76, 0x63, 0x31]))).toBe('key'); // key, CodedFrames, hvc1
    expect(videoFrameKind(Buffer.from([0xa3]))).toBe('inter'); // inter, CodedFramesX
    expect(videoFrameKind(Buffer.from([0x90]))).toBe('none'); // SequenceStart
  });
});
