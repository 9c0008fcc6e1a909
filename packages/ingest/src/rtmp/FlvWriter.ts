/** FLV tag types (Adobe Flash Video File Format Specification v10.1, Annex E.4.1). */
export const FLV_TAG = { audio: 8, video: 9, script: 18 } as const;

/** One of {@link FLV_TAG}'s values. */
export type FlvTagType = (typeof FLV_TAG)[keyof typeof FLV_TAG];

/**
 * Writes an FLV byte stream (Adobe Flash Video File Format Specification v10.1, Annex E) from RTMP audio, video and
 * data message payloads, which are already FLV tag bodies (AUDIODATA, VIDEODATA, SCRIPTDATA). Each tag comes back as
 * separate buffers (header, the payload itself, PreviousTagSize) so media bytes are not copied.
 *
 * @example
 * ```ts
 * declare const out: Uint8Array[], message: { timestamp: number; payload: Buffer }; // an RTMP video message
 * const flv = new FlvWriter();
 * out.push(flv.header({ audio: true, video: true }));
 * for (const part of flv.tag(FLV_TAG.video, message.timestamp, message.payload)) out.push(part);
 * ```
 */
export class FlvWriter {
  /** FLV header (E.2) followed by PreviousTagSize0 = 0 (E.3). */
  header(tracks: { readonly audio: boolean; readonly video: boolean }): Buffer {
    const out = Buffer.alloc(13);
    out.write('FLV', 0, 'latin1');
    out[3] = 1; // version
    out[4] = (tracks.audio ? 0x04 : 0) | (tracks.video ? 0x01 : 0);
    out.writeUInt32BE(9, 5); // DataOffset: the header's own size
    return out;
  }

  /** An FLV tag (E.4.1): 11-byte header, body, then PreviousTagSize (11 + body length). */
  tag(type: FlvTagType, timestampMs: number, body: Buffer): [Buffer, Buffer, Buffer] {
    if (body.length > 0xffffff) throw new RangeError(`FLV tag body of ${body.length} bytes exceeds 16 MiB`);
    const timestamp = timestampMs >>> 0;
    const head = Buffer.allocUnsafe(11);
    head[0] = type;
    head.writeUIntBE(body.length, 1, 3);
    head.writeUIntBE(timestamp & 0xffffff, 4, 3);
    head[7] = timestamp >>> 24; // TimestampExtended: the upper 8 bits of the 32-bit millisecond time
    head.writeUIntBE(0, 8, 3); // StreamID, always 0
    const trailer = Buffer.allocUnsafe(4);
    trailer.writeUInt32BE(11 + body.length, 0);
    return [head, body, trailer];
  }
}
