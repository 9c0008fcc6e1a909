import type { WhipCodecName } from './selectOfferCodecs.js';

const H264_IDR = 5;
const H264_SPS = 7;
const H264_STAP_A = 24;
const H264_FU_A = 28;

/**
 * True when an RTP payload carries (the start of) a video keyframe: an H.264 IDR slice or SPS (RFC 6184 §5.6–5.8:
 * single NAL unit, STAP-A, FU-A start), or a VP8 key frame (RFC 7741 §4.3: start of partition 0 with the inverse
 * key frame flag P = 0). Used to count keyframes and to stop asking for them (PLI); never to cut media.
 */
export function isKeyframePacket(codec: WhipCodecName, payload: Uint8Array): boolean {
  if (codec === 'h264') return isH264Keyframe(payload);
  if (codec === 'vp8') return isVp8Keyframe(payload);
  return false;
}

function isH264Keyframe(payload: Uint8Array): boolean {
  const first = payload[0];
  if (first === undefined) return false;
  const type = first & 0x1f;
  if (type === H264_IDR || type === H264_SPS) return true;
  if (type === H264_FU_A) {
    const header = payload[1] ?? 0;
    return (header & 0x80) !== 0 && (header & 0x1f) === H264_IDR;
  }
  if (type === H264_STAP_A) {
    // STAP-A: 16-bit size + NAL unit, repeated (RFC 6184 §5.7.1).
    let offset = 1;
    while (offset + 2 < payload.length) {
      const size = ((payload[offset] ?? 0) << 8) | (payload[offset + 1] ?? 0);
      const nalType = (payload[offset + 2] ?? 0) & 0x1f;
      if (nalType === H264_IDR || nalType === H264_SPS) return true;
      offset += 2 + size;
    }
  }
  return false;
}

function isVp8Keyframe(payload: Uint8Array): boolean {
  const descriptor = payload[0];
  if (descriptor === undefined) return false;
  const start = (descriptor & 0x10) !== 0;
  const partition = descriptor & 0x07;
  if (!start || partition !== 0) return false;
  let offset = 1;
  if (descriptor & 0x80) {
    // X: extension byte with I (picture ID), L (TL0PICIDX), T/K (TID/KEYIDX) flags (RFC 7741 §4.2).
    const extension = payload[offset++] ?? 0;
    if (extension & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
    if (extension & 0x40) offset += 1;
    if (extension & 0x30) offset += 1;
  }
  const header = payload[offset];
  return header !== undefined && (header & 0x01) === 0;
}
