import type { RtmpMessage } from './RtmpMessage.js';

/**
 * Splits outgoing RTMP messages into chunks (Adobe RTMP specification 1.0, §5.3): a type 0 header on the first chunk,
 * type 3 headers on the rest, extended timestamps from 0xFFFFFF on (repeated on every type 3 chunk of the message,
 * as ffmpeg and librtmp read them). The server sends few, small messages, so it never compresses headers.
 *
 * @example
 * ```ts
 * declare const socket: import('node:net').Socket, payload: Buffer;
 * const writer = new ChunkWriter();
 * socket.write(writer.write({ chunkStreamId: 3, typeId: 20, timestamp: 0, streamId: 0, payload }));
 * ```
 */
export class ChunkWriter {
  /** Our chunk size (announce it with Set Chunk Size before raising it). */
  chunkSize = 128;

  /** The chunks of one message, as one buffer. */
  write(message: RtmpMessage): Buffer {
    const { chunkStreamId, typeId, streamId, payload } = message;
    const timestamp = message.timestamp >>> 0;
    const extended = timestamp >= 0xffffff;
    const basicLength = chunkStreamId < 64 ? 1 : chunkStreamId < 320 ? 2 : 3;
    const extraLength = extended ? 4 : 0;
    const chunkCount = Math.max(1, Math.ceil(payload.length / this.chunkSize));
    const size = basicLength + 11 + extraLength + (chunkCount - 1) * (basicLength + extraLength) + payload.length;
    const out = Buffer.allocUnsafe(size);
    let offset = 0;
    for (let chunk = 0; chunk < chunkCount; chunk += 1) {
      const fmt = chunk === 0 ? 0 : 3;
      offset = writeBasicHeader(out, offset, fmt, chunkStreamId);
      if (fmt === 0) {
        out.writeUIntBE(extended ? 0xffffff : timestamp, offset, 3);
        out.writeUIntBE(payload.length, offset + 3, 3);
        out[offset + 6] = typeId;
        out.writeUInt32LE(streamId, offset + 7);
        offset += 11;
      }
      if (extended) offset = out.writeUInt32BE(timestamp, offset);
      const start = chunk * this.chunkSize;
      offset += payload.copy(out, offset, start, Math.min(payload.length, start + this.chunkSize));
    }
    return out;
  }
}

/** §5.3.1.1: chunk stream ids 2–63 in one byte, 64–319 in two, up to 65599 in three. */
function writeBasicHeader(out: Buffer, offset: number, fmt: number, chunkStreamId: number): number {
  if (chunkStreamId < 2 || chunkStreamId > 65599) throw new RangeError(`Chunk stream id ${chunkStreamId} is out of range 2–65599`);
  if (chunkStreamId < 64) {
    out[offset] = (fmt << 6) | chunkStreamId;
    return offset + 1;
  }
  const id = chunkStreamId - 64;
  if (id < 256) {
    out[offset] = fmt << 6;
    out[offset + 1] = id;
    return offset + 2;
  }
  out[offset] = (fmt << 6) | 1;
  out[offset + 1] = id & 0xff;
  out[offset + 2] = id >> 8;
  return offset + 3;
}
