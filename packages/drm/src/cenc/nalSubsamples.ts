import type { Subsample } from '@ott/core';

/** Which NAL syntax a video sample uses. */
export type NalCodec = 'avc' | 'hevc';

/** Options of {@link nalSubsamples}. */
export interface NalSubsampleOptions {
  readonly codec: NalCodec;
  /** NAL length field size in bytes (avcC/hvcC lengthSizeMinusOne + 1). */
  readonly lengthSize: number;
  /** Round each protected range down to whole 16-byte blocks (done for `cenc`; `cbcs` leaves partial blocks clear itself). */
  readonly blockAlign: boolean;
  /** Bytes of each slice NAL kept clear after the NAL header, covering the slice header (default 32). */
  readonly sliceHeaderBytes?: number;
}

const MAX_CLEAR = 0xffff;

/**
 * The subsample map of one length-prefixed H.264/H.265 sample (ISO/IEC 23001-7 §10.2, §10.3): non-VCL NAL units
 * (SPS, PPS, SEI, AUD…) stay entirely clear; in slice NAL units the length field, the NAL header and the first
 * `sliceHeaderBytes` bytes (the slice header) stay clear and the rest of the slice data is protected. Clear runs
 * longer than 65535 bytes are split (the field is 16 bits). A malformed length ends the map with the rest clear.
 */
export function nalSubsamples(sample: Uint8Array, o: NalSubsampleOptions): Subsample[] {
  const out: Subsample[] = [];
  const headerSize = o.codec === 'avc' ? 1 : 2;
  const sliceClear = o.sliceHeaderBytes ?? 32;
  let clear = 0;
  let p = 0;
  const n = sample.byteLength;
  const pushProtected = (protectedBytes: number): void => {
    while (clear > MAX_CLEAR) {
      out.push({ clearBytes: MAX_CLEAR, protectedBytes: 0 });
      clear -= MAX_CLEAR;
    }
    out.push({ clearBytes: clear, protectedBytes });
    clear = 0;
  };
  while (p + o.lengthSize <= n) {
    let size = 0;
    for (let i = 0; i < o.lengthSize; i++) size = size * 256 + (sample[p + i] ?? 0);
    const start = p + o.lengthSize;
    if (size === 0 || start + size > n) {
      clear += n - p;
      p = n;
      break;
    }
    const head = sample[start] ?? 0;
    const type = o.codec === 'avc' ? head & 0x1f : (head >> 1) & 0x3f;
    const vcl = o.codec === 'avc' ? type >= 1 && type <= 5 : type <= 31;
    const keep = o.lengthSize + headerSize + sliceClear;
    const total = o.lengthSize + size;
    let protectedBytes = vcl && total > keep ? total - keep : 0;
    if (o.blockAlign) protectedBytes -= protectedBytes % 16;
    if (protectedBytes >= 16) {
      clear += total - protectedBytes;
      pushProtected(protectedBytes);
    } else {
      clear += total;
    }
    p = start + size;
  }
  clear += n - p;
  if (clear > 0 || out.length === 0) pushProtected(0);
  return out;
}

/** The NAL length size from an `avcC` (byte 4) or `hvcC` (byte 21) payload. */
export function nalLengthSize(codec: NalCodec, config: Uint8Array): number {
  const byte = codec === 'avc' ? config[4] : config[21];
  return ((byte ?? 3) & 0x03) + 1;
}
